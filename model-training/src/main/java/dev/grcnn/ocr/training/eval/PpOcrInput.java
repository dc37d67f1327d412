package dev.grcnn.ocr.training.eval;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * PP-OCRv4's recogniser input, made as PaddleOCR's {@code resize_norm_img} makes it for one image:
 * BGR (what OpenCV decodes to), bilinear to height 48 keeping the aspect ratio (width rounded up),
 * {@code (x / 255 - 0.5) / 0.5}, then zeros (mid-grey after normalising) on the right up to a width
 * of at least 320. Wider words keep their width, so nothing is squeezed.
 *
 * @param chw the values, channel by channel (B, G, R), each {@link #HEIGHT} rows of {@code width}
 * @param width the width after padding
 */
public record PpOcrInput(float[] chw, int width) {

  /** The height the recogniser was trained at. */
  public static final int HEIGHT = 48;

  /** The narrowest input: PaddleOCR pads to its {@code rec_image_shape} of 3x48x320. */
  public static final int MIN_WIDTH = 320;

  /** Converts a decoded image. */
  public static PpOcrInput of(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    double ratio = (double) w / h;
    // PaddleOCR: imgW = int(imgH * max(320 / 48, w / h)); resized_w = min(ceil(imgH * ratio),
    // imgW).
    int width = Math.max(MIN_WIDTH, (int) (HEIGHT * ratio));
    int resized = Math.min(width, (int) Math.ceil(HEIGHT * ratio));
    int[][] bgr = bgr(image);
    float[] out = new float[3 * HEIGHT * width];
    for (int c = 0; c < 3; c++) {
      int[] small = resizeBilinear(bgr[c], w, h, resized, HEIGHT);
      int base = c * HEIGHT * width;
      for (int y = 0; y < HEIGHT; y++) {
        for (int x = 0; x < resized; x++) {
          out[base + y * width + x] = (small[y * resized + x] / 255f - 0.5f) / 0.5f;
        }
      }
    }
    return new PpOcrInput(out, width);
  }

  /** The blue, green and red planes; alpha is ignored, as OpenCV's colour decoding drops it. */
  static int[][] bgr(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[][] planes = new int[3][w * h];
    Raster raster = image.getRaster();
    if (raster.getNumBands() == 1 && image.getColorModel().getNumComponents() == 1) {
      // Grey JPEGs and PNGs: the stored values. getRGB would convert them from Java's linear grey
      // space and brighten them, which OpenCV does not.
      int[] grey = raster.getSamples(0, 0, w, h, 0, (int[]) null);
      int shift = Math.max(0, raster.getSampleModel().getSampleSize(0) - 8);
      for (int i = 0; i < grey.length; i++) {
        int v = grey[i] >> shift;
        planes[0][i] = v;
        planes[1][i] = v;
        planes[2][i] = v;
      }
      return planes;
    }
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int rgb = row[x];
        planes[0][y * w + x] = rgb & 0xff;
        planes[1][y * w + x] = (rgb >> 8) & 0xff;
        planes[2][y * w + x] = (rgb >> 16) & 0xff;
      }
    }
    return planes;
  }

  /**
   * OpenCV's {@code INTER_LINEAR} on 8-bit values: pixel centres aligned, edges clamped, no
   * smoothing when shrinking, rounded back to 8 bits.
   */
  static int[] resizeBilinear(int[] src, int srcW, int srcH, int dstW, int dstH) {
    int[] x0 = new int[dstW];
    int[] x1 = new int[dstW];
    float[] ax = new float[dstW];
    taps(srcW, dstW, x0, x1, ax);
    int[] y0 = new int[dstH];
    int[] y1 = new int[dstH];
    float[] ay = new float[dstH];
    taps(srcH, dstH, y0, y1, ay);
    int[] out = new int[dstW * dstH];
    for (int y = 0; y < dstH; y++) {
      int r0 = y0[y] * srcW;
      int r1 = y1[y] * srcW;
      for (int x = 0; x < dstW; x++) {
        float top = src[r0 + x0[x]] * (1 - ax[x]) + src[r0 + x1[x]] * ax[x];
        float bottom = src[r1 + x0[x]] * (1 - ax[x]) + src[r1 + x1[x]] * ax[x];
        out[y * dstW + x] = Math.round(top * (1 - ay[y]) + bottom * ay[y]);
      }
    }
    return out;
  }

  private static void taps(int src, int dst, int[] i0, int[] i1, float[] weight) {
    double scale = (double) src / dst;
    for (int d = 0; d < dst; d++) {
      double f = (d + 0.5) * scale - 0.5;
      int i = (int) Math.floor(f);
      float a = (float) (f - i);
      if (i < 0) {
        i = 0;
        a = 0;
      }
      if (i >= src - 1) {
        i = src - 1;
        a = 0;
      }
      i0[d] = i;
      i1[d] = Math.min(i + 1, src - 1);
      weight[d] = a;
    }
  }
}
