package dev.grcnn.ocr.training.augment;

import java.util.Random;

/**
 * Uneven horizontal stretch and squeeze (STRAug "Stretch"): the crop is cut into 3 to 6 vertical
 * strips, each widened or narrowed by up to the strength, and the whole put back at its own width.
 * Letters change their widths relative to each other; a uniform stretch would do nothing, since the
 * network input is always resized to 100x32. Strength: the largest relative change of a strip.
 */
final class Stretch implements Transform {

  @Override
  public Plane apply(Plane in, double strength, Random random) {
    int strips = 3 + random.nextInt(4);
    double[] edge = new double[strips + 1]; // output positions of the strip edges
    for (int i = 1; i <= strips; i++) {
      edge[i] = edge[i - 1] + Math.max(0.05, 1 + strength * (2 * random.nextDouble() - 1));
    }
    int w = in.width;
    double total = edge[strips];
    double strip = (double) w / strips; // source width of every strip
    double[] source = new double[w];
    int j = 0;
    for (int x = 0; x < w; x++) {
      double out = (x + 0.5) * total / w; // in strip units of the output
      while (j < strips - 1 && out >= edge[j + 1]) {
        j++;
      }
      double f = (out - edge[j]) / (edge[j + 1] - edge[j]);
      source[x] = (j + f) * strip - 0.5;
    }
    return in.remap(
        w,
        in.height,
        (x, y, s) -> {
          s[0] = source[x];
          s[1] = y;
        });
  }
}
