package dev.grcnn.ocr.training.augment;

import java.util.Random;

/**
 * Horizontal shear either way: upright text turned italic, or italic text straightened. The crop
 * widens so that no letter is cut. Strength: the shear factor (horizontal shift per pixel of
 * height).
 */
final class Shear implements Transform {

  @Override
  public Plane apply(Plane in, double strength, Random random) {
    double k = strength * (random.nextBoolean() ? 1 : -1);
    int extra = (int) Math.ceil(Math.abs(k) * in.height - 1e-9);
    double offset = extra / 2.0;
    double cy = (in.height - 1) / 2.0;
    return in.remap(
        in.width + extra,
        in.height,
        (x, y, s) -> {
          s[0] = x - offset + k * (y - cy);
          s[1] = y;
        });
  }
}
