package dev.grcnn.ocr.training.augment;

import dev.grcnn.ocr.model.GrcnnConfig;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;

/**
 * A grey image as floats in [0, 255], row-major: what every augmentation works on. The network sees
 * luminance only ({@link dev.grcnn.ocr.model.image.ImagePreprocessor#toInput}), so the crop is
 * turned grey once, with the same formula, and each transform then touches one channel instead of
 * three. Pixels outside the plane read as the nearest edge pixel.
 */
final class Plane {

  final int width;
  final int height;
  final float[] v;

  Plane(int width, int height) {
    this(width, height, new float[Math.max(1, width) * Math.max(1, height)]);
  }

  Plane(int width, int height, float[] v) {
    this.width = Math.max(1, width);
    this.height = Math.max(1, height);
    this.v = v;
    if (v.length != this.width * this.height) {
      throw new IllegalArgumentException("pixels do not match " + width + "x" + height);
    }
  }

  /**
   * Luminance of each pixel composited over white, rounded, exactly as {@code
   * ImagePreprocessor.toInput} computes it, so an unchanged plane gives the network the same input.
   */
  static Plane of(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    Plane p = new Plane(w, h);
    int type = image.getType();
    if (type == BufferedImage.TYPE_3BYTE_BGR
        || type == BufferedImage.TYPE_INT_RGB
        || type == BufferedImage.TYPE_INT_ARGB
        || type == BufferedImage.TYPE_4BYTE_ABGR) {
      // sRGB with 8-bit R, G, B (and A, not premultiplied): the raster's samples are what getRGB
      // returns, read without a colour model call per pixel.
      Raster raster = image.getRaster();
      int bands = raster.getNumBands();
      int[] row = new int[w * bands];
      for (int y = 0; y < h; y++) {
        raster.getPixels(0, y, w, 1, row);
        for (int x = 0, i = 0; x < w; x++, i += bands) {
          p.v[y * w + x] = luminance(row[i], row[i + 1], row[i + 2], bands == 4 ? row[i + 3] : 255);
        }
      }
      return p;
    }
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int argb = row[x];
        p.v[y * w + x] =
            luminance((argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff, argb >>> 24);
      }
    }
    return p;
  }

  private static float luminance(int r, int g, int b, int a) {
    double lum = 0.299 * r + 0.587 * g + 0.114 * b;
    return Math.round((lum * a + 255.0 * (255 - a)) / 255.0);
  }

  /** An opaque RGB image with R = G = B (its luminance is the grey value itself). */
  BufferedImage toImage() {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] p = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < p.length; i++) {
      int g = grey(v[i]);
      p[i] = (g << 16) | (g << 8) | g;
    }
    return out;
  }

  /** A value rounded and clamped to a byte. */
  static int grey(float value) {
    int g = Math.round(value);
    return g < 0 ? 0 : (g > 255 ? 255 : g);
  }

  static float clamp255(float value) {
    return value < 0 ? 0 : (value > 255 ? 255 : value);
  }

  /**
   * Crop pixels to one pixel of the network input (which is {@link GrcnnConfig#HEIGHT} high):
   * spatial strengths are given in network pixels, so that a blur looks the same to the network on
   * a 15-pixel-high crop and on a 60-pixel-high one.
   */
  double unit() {
    return height / (double) GrcnnConfig.HEIGHT;
  }

  /** The pixel at (x, y), the nearest edge pixel outside. */
  float at(int x, int y) {
    x = x < 0 ? 0 : (x >= width ? width - 1 : x);
    y = y < 0 ? 0 : (y >= height ? height - 1 : y);
    return v[y * width + x];
  }

  /** Bilinear value at a real position (pixel centres at integers), edges replicated outside. */
  float sample(double x, double y) {
    x = x < 0 ? 0 : (x > width - 1 ? width - 1 : x);
    y = y < 0 ? 0 : (y > height - 1 ? height - 1 : y);
    int x0 = (int) x;
    int y0 = (int) y;
    int x1 = Math.min(x0 + 1, width - 1);
    int y1 = Math.min(y0 + 1, height - 1);
    float ax = (float) (x - x0);
    float ay = (float) (y - y0);
    int r0 = y0 * width;
    int r1 = y1 * width;
    float top = v[r0 + x0] + ax * (v[r0 + x1] - v[r0 + x0]);
    float bottom = v[r1 + x0] + ax * (v[r1 + x1] - v[r1 + x0]);
    return top + ay * (bottom - top);
  }

  /** Where an output pixel of a warp reads from. */
  interface Mapping {
    /** Writes the source position of output pixel (x, y) into {@code source[0..1]}. */
    void source(int x, int y, double[] source);
  }

  /** A new plane of the given size whose pixels are read from this one through a mapping. */
  Plane remap(int w, int h, Mapping mapping) {
    Plane out = new Plane(w, h);
    double[] s = new double[2];
    for (int y = 0; y < out.height; y++) {
      for (int x = 0; x < out.width; x++) {
        mapping.source(x, y, s);
        out.v[y * out.width + x] = sample(s[0], s[1]);
      }
    }
    return out;
  }

  /**
   * Resized: area average when shrinking (halving steps, then bilinear for the rest, so thin
   * strokes are averaged rather than skipped), bilinear or nearest when growing.
   */
  Plane resized(int w, int h, boolean nearest) {
    w = Math.max(1, w);
    h = Math.max(1, h);
    Plane current = this;
    while (!nearest && current.width >= 2 * w && current.height >= 2 * h) {
      current = current.halved();
    }
    if (current.width == w && current.height == h) {
      return current == this ? copy() : current;
    }
    Plane src = current;
    double sx = src.width / (double) w;
    double sy = src.height / (double) h;
    if (nearest) {
      Plane out = new Plane(w, h);
      for (int y = 0; y < h; y++) {
        int yy = Math.min(src.height - 1, (int) ((y + 0.5) * sy));
        for (int x = 0; x < w; x++) {
          out.v[y * w + x] =
              src.v[yy * src.width + Math.min(src.width - 1, (int) ((x + 0.5) * sx))];
        }
      }
      return out;
    }
    return src.remap(
        w,
        h,
        (x, y, s) -> {
          s[0] = (x + 0.5) * sx - 0.5;
          s[1] = (y + 0.5) * sy - 0.5;
        });
  }

  /** Half size, each pixel the mean of a 2x2 block (an odd last row or column is dropped). */
  private Plane halved() {
    int w = width / 2;
    int h = height / 2;
    Plane out = new Plane(w, h);
    for (int y = 0; y < h; y++) {
      int r0 = 2 * y * width;
      int r1 = r0 + width;
      for (int x = 0; x < w; x++) {
        int c = 2 * x;
        out.v[y * w + x] = 0.25f * (v[r0 + c] + v[r0 + c + 1] + v[r1 + c] + v[r1 + c + 1]);
      }
    }
    return out;
  }

  Plane copy() {
    return new Plane(width, height, v.clone());
  }

  /** Mean grey value. */
  float mean() {
    double sum = 0;
    for (float f : v) {
      sum += f;
    }
    return (float) (sum / v.length);
  }
}
