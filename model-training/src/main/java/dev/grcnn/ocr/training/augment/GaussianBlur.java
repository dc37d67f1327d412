package dev.grcnn.ocr.training.augment;

import java.util.Random;

/**
 * Gaussian blur (out of focus, soft optics), separable, edges repeated. Strength: sigma in network
 * pixels (1/32 of the crop height).
 */
final class GaussianBlur implements Transform {

  @Override
  public Plane apply(Plane in, double strength, Random random) {
    double sigma = strength * in.unit();
    if (sigma < 0.2) {
      return in;
    }
    int radius = (int) Math.ceil(2.5 * sigma);
    float[] kernel = new float[2 * radius + 1];
    float sum = 0;
    for (int i = -radius; i <= radius; i++) {
      kernel[i + radius] = (float) StrictMath.exp(-(i * i) / (2 * sigma * sigma));
      sum += kernel[i + radius];
    }
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] /= sum;
    }
    return columns(rows(in, kernel), kernel);
  }

  /** Each row convolved with a symmetric kernel, edges repeated. */
  static Plane rows(Plane in, float[] kernel) {
    int w = in.width;
    int r = kernel.length / 2;
    Plane out = new Plane(w, in.height);
    for (int y = 0; y < in.height; y++) {
      int row = y * w;
      for (int x = 0; x < w; x++) {
        float acc = 0;
        for (int k = -r; k <= r; k++) {
          int sx = x + k;
          sx = sx < 0 ? 0 : (sx >= w ? w - 1 : sx);
          acc += kernel[k + r] * in.v[row + sx];
        }
        out.v[row + x] = acc;
      }
    }
    return out;
  }

  /** Each column convolved with a symmetric kernel, edges repeated. */
  static Plane columns(Plane in, float[] kernel) {
    int w = in.width;
    int h = in.height;
    int r = kernel.length / 2;
    Plane out = new Plane(w, h);
    for (int y = 0; y < h; y++) {
      for (int k = -r; k <= r; k++) {
        int sy = y + k;
        sy = sy < 0 ? 0 : (sy >= h ? h - 1 : sy);
        float f = kernel[k + r];
        int src = sy * w;
        int dst = y * w;
        for (int x = 0; x < w; x++) {
          out.v[dst + x] += f * in.v[src + x];
        }
      }
    }
    return out;
  }
}
