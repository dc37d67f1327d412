package dev.grcnn.ocr.training.augment;

import java.util.Random;

/**
 * Text bent along an arc (STRAug "Curve"): every column moves up or down by a parabola of the
 * distance from the middle, arched or sagging at random. The crop grows by the sag, so the ends of
 * the word stay inside; the new rows repeat the edge pixels. Strength: the sag as a fraction of the
 * crop height.
 */
final class Curve implements Transform {

  @Override
  public Plane apply(Plane in, double strength, Random random) {
    boolean arch = random.nextBoolean();
    double sag = strength * in.height;
    int extra = (int) Math.ceil(sag);
    if (in.width < 3 || extra < 1) {
      return in;
    }
    double half = (in.width - 1) / 2.0;
    double centre = (extra - sag) / 2;
    double[] shift = new double[in.width];
    for (int x = 0; x < in.width; x++) {
      double t = (x - half) / half;
      shift[x] = (arch ? sag * t * t : sag * (1 - t * t)) + centre;
    }
    return in.remap(
        in.width,
        in.height + extra,
        (x, y, s) -> {
          s[0] = x;
          s[1] = y - shift[x];
        });
  }
}
