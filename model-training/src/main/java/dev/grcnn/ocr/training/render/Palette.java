package dev.grcnn.ocr.training.render;

import java.awt.Color;
import java.util.Random;

/** Random colours of a chosen luminance: the hue varies freely, the contrast stays as planned. */
final class Palette {

  private Palette() {}

  /** An opaque colour near a luminance in [0, 1]; mostly unsaturated, as paint and print are. */
  static Color colour(Random r, double luminance) {
    return colour(r, luminance, 1f);
  }

  /** As {@link #colour(Random, double)} with an alpha. */
  static Color colour(Random r, double luminance, float alpha) {
    float hue = r.nextFloat();
    double u = r.nextDouble();
    // Signs and shop fronts are often vivid; print and paint are often grey: both are common.
    float saturation =
        (float)
            (u < 0.35
                ? 0.15 * r.nextDouble()
                : u < 0.65 ? 0.15 + 0.45 * r.nextDouble() : 0.6 + 0.4 * r.nextDouble());
    return withLuminance(
        new Color(Color.HSBtoRGB(hue, saturation, 0.5f + 0.5f * r.nextFloat())), luminance, alpha);
  }

  /**
   * A colour's hue and saturation at another luminance in [0, 1]: mixed towards white to lighten,
   * scaled towards black to darken.
   */
  static Color withLuminance(Color c, double luminance, float alpha) {
    double red = c.getRed();
    double green = c.getGreen();
    double blue = c.getBlue();
    double y = (0.299 * red + 0.587 * green + 0.114 * blue) / 255;
    double target = Math.max(0, Math.min(1, luminance));
    if (y < target) {
      // Towards white.
      double t = (target - y) / Math.max(1e-6, 1 - y);
      red += (255 - red) * t;
      green += (255 - green) * t;
      blue += (255 - blue) * t;
    } else {
      double t = target / Math.max(1e-6, y);
      red *= t;
      green *= t;
      blue *= t;
    }
    return new Color(
        (int) Math.round(red),
        (int) Math.round(green),
        (int) Math.round(blue),
        Math.round(alpha * 255));
  }

  /** Luminance in [0, 1] of a colour. */
  static double luminance(Color c) {
    return (0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue()) / 255;
  }
}
