package dev.grcnn.ocr.training.augment;

import java.util.Random;

/**
 * Brighter or darker, either way, clipped at black and white (over- and under-exposure). Strength:
 * the shift as a fraction of the grey range.
 */
final class Brightness implements Transform {

  @Override
  public Plane apply(Plane in, double strength, Random random) {
    float shift = (float) (strength * 255 * (random.nextBoolean() ? 1 : -1));
    for (int i = 0; i < in.v.length; i++) {
      in.v[i] = Plane.clamp255(in.v[i] + shift);
    }
    return in;
  }
}
