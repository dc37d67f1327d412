package dev.grcnn.ocr.training.augment;

import java.util.Random;

/**
 * A looser or tighter box: each side independently moves out (padding) or in (cutting) by a few
 * pixels. A real crop holds nothing beyond its box, so padding cannot show the scene around it: the
 * new pixels either repeat the edge or mirror the crop, and the mirror puts pieces of glyphs at the
 * edges much as a neighbouring word does. Cuts are kept smaller than pads (half of them sideways, a
 * third at top and bottom) so that the first and last letters and the ascenders stay readable.
 * Strength: the largest pad, in network pixels (1/32 of the crop height).
 */
final class CropJitter implements Transform {

  @Override
  public Plane apply(Plane in, double strength, Random random) {
    double px = strength * in.unit();
    int left = side(random, px, 0.5);
    int right = side(random, px, 0.5);
    int top = side(random, px, 0.35);
    int bottom = side(random, px, 0.35);
    boolean mirror = random.nextBoolean();
    if (in.width + left + right < Math.max(1, in.width / 2)) {
      left = Math.max(0, left);
      right = Math.max(0, right);
    }
    if (in.height + top + bottom < Math.max(1, in.height / 2)) {
      top = Math.max(0, top);
      bottom = Math.max(0, bottom);
    }
    int w = in.width + left + right;
    int h = in.height + top + bottom;
    Plane out = new Plane(w, h);
    int[] columns = new int[w];
    for (int x = 0; x < w; x++) {
      columns[x] = index(x - left, in.width, mirror);
    }
    for (int y = 0; y < h; y++) {
      int row = index(y - top, in.height, mirror) * in.width;
      for (int x = 0; x < w; x++) {
        out.v[y * w + x] = in.v[row + columns[x]];
      }
    }
    return out;
  }

  /** Pixels added to one side (negative: cut), from -cut * max to max. */
  private static int side(Random random, double max, double cut) {
    double u = random.nextDouble();
    return (int) Math.round(-cut * max + u * (1 + cut) * max);
  }

  /** The source index of a position outside [0, n): the edge repeated, or mirrored about it. */
  static int index(int i, int n, boolean mirror) {
    if (i >= 0 && i < n) {
      return i;
    }
    if (mirror && n > 1) {
      int period = 2 * (n - 1);
      int m = Math.floorMod(i, period);
      return m < n ? m : period - m;
    }
    return i < 0 ? 0 : n - 1;
  }
}
