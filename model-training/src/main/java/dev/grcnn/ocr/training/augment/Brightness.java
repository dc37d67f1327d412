package dev.grcnn.ocr.training.augment;

import java.util.Random;

/**
 * Brighter or darker, clipped at black and white (over- and under-exposure). The direction is
 * random, except that a crop is not pushed further towards black or white when that would take its
 * mean grey below {@link #DARKEST} or above {@link #LIGHTEST} (a dark crop made darker still is
 * mostly black). Strength: the shift as a fraction of the grey range.
 */
final class Brightness implements Transform {

  /** Means the lighting transforms do not push a crop beyond. */
  static final float DARKEST = 40;

  static final float LIGHTEST = 215;

  @Override
  public Plane apply(Plane in, double strength, Random random) {
    float shift = (float) (strength * 255 * (random.nextBoolean() ? 1 : -1));
    float mean = in.mean();
    if (mean + shift < DARKEST || mean + shift > LIGHTEST) {
      shift = -shift;
    }
    for (int i = 0; i < in.v.length; i++) {
      in.v[i] = Plane.clamp255(in.v[i] + shift);
    }
    return in;
  }
}
