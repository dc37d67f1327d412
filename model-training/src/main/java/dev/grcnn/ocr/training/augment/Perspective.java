package dev.grcnn.ocr.training.augment;

import java.util.Random;

/**
 * The word seen at an angle (STRAug "Perspective"): a projective map under which one side of the
 * crop shows more of the scene than the other, so the text shrinks towards that side and is
 * foreshortened along the line. Usually a turn about a vertical axis (left or right side far), one
 * time in four about a horizontal one (top or bottom far); the corners also move a little at
 * random. The size stays; what comes into view repeats the edge pixels. Strength: how much more the
 * far side shows, as a fraction of the crop's height (or width).
 */
final class Perspective implements Transform {

  @Override
  public Plane apply(Plane in, double strength, Random random) {
    double w = in.width;
    double h = in.height;
    // Corners of the source quadrilateral that fills the output, clockwise from top-left.
    double[] q = {0, 0, w, 0, w, h, 0, h};
    boolean vertical = random.nextDouble() < 0.75;
    boolean far = random.nextBoolean();
    if (vertical) {
      double grow = strength * h / 2;
      int top = far ? 2 : 0; // the x index of the far side's top corner: right (TR) or left (TL)
      int bottom = far ? 4 : 6;
      q[top + 1] -= grow;
      q[bottom + 1] += grow;
    } else {
      double grow = strength * w / 2;
      int left = far ? 0 : 6; // far side top (TL, TR) or bottom (BL, BR)
      int right = far ? 2 : 4;
      q[left] -= grow;
      q[right] += grow;
    }
    double jitter = 0.02 * Math.min(w, h);
    for (int i = 0; i < 8; i++) {
      q[i] += jitter * random.nextGaussian();
    }
    double[] m = squareToQuad(q);
    return in.remap(
        in.width,
        in.height,
        (x, y, s) -> {
          double u = (x + 0.5) / w;
          double v = (y + 0.5) / h;
          double d = m[6] * u + m[7] * v + 1;
          s[0] = (m[0] * u + m[1] * v + m[2]) / d - 0.5;
          s[1] = (m[3] * u + m[4] * v + m[5]) / d - 0.5;
        });
  }

  /**
   * The projective map from the unit square to a quadrilateral (corners clockwise from top-left),
   * as {@code a b c d e f g h} with x = (au + bv + c) / (gu + hv + 1), y = (du + ev + f) / (gu + hv
   * + 1); Heckbert's closed form, as the renderer's outline warp uses.
   */
  static double[] squareToQuad(double[] q) {
    double x0 = q[0], y0 = q[1], x1 = q[2], y1 = q[3], x2 = q[4], y2 = q[5], x3 = q[6], y3 = q[7];
    double dx1 = x1 - x2, dx2 = x3 - x2, dx3 = x0 - x1 + x2 - x3;
    double dy1 = y1 - y2, dy2 = y3 - y2, dy3 = y0 - y1 + y2 - y3;
    double det = dx1 * dy2 - dx2 * dy1;
    double g = det == 0 ? 0 : (dx3 * dy2 - dx2 * dy3) / det;
    double h = det == 0 ? 0 : (dx1 * dy3 - dx3 * dy1) / det;
    return new double[] {
      x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h
    };
  }
}
