package dev.grcnn.ocr.training.augment;

import java.util.Random;

/**
 * Defocus blur: the mean over a disc (the lens's circle of confusion), softer-edged than a Gaussian
 * of the same width; the disc's rim is weighted by how much of each pixel it covers. Strength: the
 * disc's radius in network pixels (1/32 of the crop height).
 */
final class DefocusBlur implements Transform {

  @Override
  public Plane apply(Plane in, double strength, Random random) {
    double radius = strength * in.unit();
    int r = (int) Math.ceil(radius + 0.5);
    int n = 0;
    int[] ox = new int[(2 * r + 1) * (2 * r + 1)];
    int[] oy = new int[ox.length];
    float[] weight = new float[ox.length];
    float sum = 0;
    for (int y = -r; y <= r; y++) {
      for (int x = -r; x <= r; x++) {
        double cover = Math.min(1, radius + 0.5 - StrictMath.hypot(x, y));
        if (cover > 0) {
          ox[n] = x;
          oy[n] = y;
          weight[n] = (float) cover;
          sum += weight[n];
          n++;
        }
      }
    }
    if (n <= 1) {
      return in;
    }
    int w = in.width;
    int h = in.height;
    Plane out = new Plane(w, h);
    for (int y = 0; y < h; y++) {
      boolean inside = y >= r && y < h - r;
      for (int x = 0; x < w; x++) {
        float acc = 0;
        if (inside && x >= r && x < w - r) {
          int centre = y * w + x;
          for (int i = 0; i < n; i++) {
            acc += weight[i] * in.v[centre + oy[i] * w + ox[i]];
          }
        } else {
          for (int i = 0; i < n; i++) {
            acc += weight[i] * in.at(x + ox[i], y + oy[i]);
          }
        }
        out.v[y * w + x] = acc / sum;
      }
    }
    return out;
  }
}
