package dev.grcnn.ocr.training.render;

import dev.grcnn.ocr.training.image.Jpeg;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Pixel operations on {@code TYPE_INT_RGB} images that the renderer's degradations need: blur,
 * noise, lighting, resizing and encoding. All are plain loops over the pixel array, so the same
 * input and random numbers give the same bytes on any thread.
 */
final class ImageOps {

  private ImageOps() {}

  static {
    ImageIO.setUseCache(false);
  }

  static int[] pixels(BufferedImage rgb) {
    return ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
  }

  static BufferedImage newRgb(int width, int height) {
    return new BufferedImage(Math.max(1, width), Math.max(1, height), BufferedImage.TYPE_INT_RGB);
  }

  /** Separable Gaussian blur with clamped edges. */
  static void gaussianBlur(BufferedImage img, double sigma) {
    if (sigma < 0.2) {
      return;
    }
    int radius = (int) Math.ceil(2.5 * sigma);
    float[] kernel = new float[2 * radius + 1];
    float sum = 0;
    for (int i = -radius; i <= radius; i++) {
      kernel[i + radius] = (float) Math.exp(-(i * i) / (2 * sigma * sigma));
      sum += kernel[i + radius];
    }
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] /= sum;
    }
    convolve(img, kernel, true);
    convolve(img, kernel, false);
  }

  /** Horizontal box blur of a length: a camera moved while the shutter was open. */
  static void motionBlur(BufferedImage img, int length) {
    float[] kernel = new float[length];
    java.util.Arrays.fill(kernel, 1f / length);
    convolve(img, kernel, true);
  }

  private static void convolve(BufferedImage img, float[] kernel, boolean horizontal) {
    int w = img.getWidth();
    int h = img.getHeight();
    int[] p = pixels(img);
    int[] src = p.clone();
    int radius = kernel.length / 2;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float r = 0;
        float g = 0;
        float b = 0;
        for (int k = 0; k < kernel.length; k++) {
          int sx = horizontal ? clamp(x + k - radius, 0, w - 1) : x;
          int sy = horizontal ? y : clamp(y + k - radius, 0, h - 1);
          int c = src[sy * w + sx];
          float f = kernel[k];
          r += f * ((c >> 16) & 255);
          g += f * ((c >> 8) & 255);
          b += f * (c & 255);
        }
        p[y * w + x] = rgb(r, g, b);
      }
    }
  }

  /** Gaussian noise, the same on all channels (sensor luminance noise) or per channel. */
  static void addNoise(BufferedImage img, Random random, double sd, boolean mono) {
    int[] p = pixels(img);
    for (int i = 0; i < p.length; i++) {
      int c = p[i];
      double n = random.nextGaussian() * sd;
      double r = ((c >> 16) & 255) + n;
      double g = ((c >> 8) & 255) + (mono ? n : random.nextGaussian() * sd);
      double b = (c & 255) + (mono ? n : random.nextGaussian() * sd);
      p[i] = rgb((float) r, (float) g, (float) b);
    }
  }

  /** Multiplies by a linear ramp of brightness from one side to the other (uneven lighting). */
  static void lighting(BufferedImage img, double angle, double from, double to) {
    int w = img.getWidth();
    int h = img.getHeight();
    int[] p = pixels(img);
    double dx = Math.cos(angle);
    double dy = Math.sin(angle);
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (int[] corner : new int[][] {{0, 0}, {w, 0}, {0, h}, {w, h}}) {
      double t = corner[0] * dx + corner[1] * dy;
      min = Math.min(min, t);
      max = Math.max(max, t);
    }
    double span = Math.max(1e-6, max - min);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double t = ((x * dx + y * dy) - min) / span;
        float f = (float) (from + (to - from) * t);
        int c = p[y * w + x];
        p[y * w + x] = rgb(f * ((c >> 16) & 255), f * ((c >> 8) & 255), f * (c & 255));
      }
    }
  }

  /** Luminance-only copy (some cameras and scans are grey). */
  static void toGrey(BufferedImage img) {
    int[] p = pixels(img);
    for (int i = 0; i < p.length; i++) {
      int c = p[i];
      float y = 0.299f * ((c >> 16) & 255) + 0.587f * ((c >> 8) & 255) + 0.114f * (c & 255);
      p[i] = rgb(y, y, y);
    }
  }

  /** Mean luminance in [0, 1]. */
  static double meanLuminance(BufferedImage img) {
    int[] p = pixels(img);
    double sum = 0;
    for (int c : p) {
      sum += 0.299 * ((c >> 16) & 255) + 0.587 * ((c >> 8) & 255) + 0.114 * (c & 255);
    }
    return sum / (255.0 * p.length);
  }

  /** Bilinear resize, halving first while far larger so that thin strokes do not alias away. */
  static BufferedImage resize(BufferedImage src, int width, int height, boolean nearest) {
    BufferedImage current = src;
    while (!nearest && (current.getWidth() >= 2 * width && current.getHeight() >= 2 * height)) {
      current = draw(current, current.getWidth() / 2, current.getHeight() / 2, false);
    }
    return draw(current, width, height, nearest);
  }

  private static BufferedImage draw(BufferedImage src, int width, int height, boolean nearest) {
    BufferedImage out = newRgb(width, height);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION,
        nearest
            ? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR
            : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(src, 0, 0, out.getWidth(), out.getHeight(), null);
    g.dispose();
    return out;
  }

  /** Baseline JPEG at a quality in [0, 1]. */
  static byte[] jpeg(BufferedImage img, float quality) {
    try {
      return Jpeg.encode(img, quality);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lossless PNG. */
  static byte[] png(BufferedImage img) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16384);
    try {
      ImageIO.write(img, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Smooth random values in [0, 1] over a w x h grid: random values on a coarse lattice, bilinearly
   * interpolated (value noise), for stains, paper and stone textures.
   */
  static float[] valueNoise(int w, int h, double cell, Random random) {
    int gw = (int) Math.ceil(w / cell) + 2;
    int gh = (int) Math.ceil(h / cell) + 2;
    float[] lattice = new float[gw * gh];
    for (int i = 0; i < lattice.length; i++) {
      lattice[i] = random.nextFloat();
    }
    float[] out = new float[w * h];
    for (int y = 0; y < h; y++) {
      double gy = y / cell;
      int y0 = (int) gy;
      double fy = smooth(gy - y0);
      for (int x = 0; x < w; x++) {
        double gx = x / cell;
        int x0 = (int) gx;
        double fx = smooth(gx - x0);
        double top = lattice[y0 * gw + x0] * (1 - fx) + lattice[y0 * gw + x0 + 1] * fx;
        double bottom =
            lattice[(y0 + 1) * gw + x0] * (1 - fx) + lattice[(y0 + 1) * gw + x0 + 1] * fx;
        out[y * w + x] = (float) (top * (1 - fy) + bottom * fy);
      }
    }
    return out;
  }

  private static double smooth(double t) {
    return t * t * (3 - 2 * t);
  }

  static int rgb(float r, float g, float b) {
    return (clamp(Math.round(r), 0, 255) << 16)
        | (clamp(Math.round(g), 0, 255) << 8)
        | clamp(Math.round(b), 0, 255);
  }

  static int clamp(int v, int lo, int hi) {
    return v < lo ? lo : (v > hi ? hi : v);
  }
}
