package dev.grcnn.ocr.training.augment;

import java.util.Random;

/** Dark text on light turned into light on dark and back. Strength: unused. */
final class Invert implements Transform {

  @Override
  public Plane apply(Plane in, double strength, Random random) {
    for (int i = 0; i < in.v.length; i++) {
      in.v[i] = 255 - Plane.clamp255(in.v[i]);
    }
    return in;
  }
}
