package dev.grcnn.ocr.training.augment;

import java.util.Random;

/**
 * A small rotation either way about the centre. The crop grows to the rotated rectangle's bounding
 * box, as a detector's upright box around tilted text does, so no letter is cut; the corners repeat
 * the edge pixels. Strength: degrees.
 */
final class Rotation implements Transform {

  @Override
  public Plane apply(Plane in, double strength, Random random) {
    double a = StrictMath.toRadians(strength) * (random.nextBoolean() ? 1 : -1);
    double cos = StrictMath.cos(a);
    double sin = StrictMath.sin(a);
    int w = (int) Math.ceil(in.width * Math.abs(cos) + in.height * Math.abs(sin) - 1e-9);
    int h = (int) Math.ceil(in.width * Math.abs(sin) + in.height * Math.abs(cos) - 1e-9);
    double cxo = (w - 1) / 2.0;
    double cyo = (h - 1) / 2.0;
    double cxi = (in.width - 1) / 2.0;
    double cyi = (in.height - 1) / 2.0;
    return in.remap(
        w,
        h,
        (x, y, s) -> {
          double dx = x - cxo;
          double dy = y - cyo;
          s[0] = cos * dx + sin * dy + cxi;
          s[1] = -sin * dx + cos * dy + cyi;
        });
  }
}
