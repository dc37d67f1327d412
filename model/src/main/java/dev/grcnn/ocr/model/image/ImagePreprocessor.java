package dev.grcnn.ocr.model.image;

import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.image.InvalidImageException.Kind;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Turns encoded image bytes (PNG, JPEG including CMYK and YCCK, BMP, GIF, WebP lossy and lossless:
 * the readers of {@link ImageReaders}) into the network's input: grey, 100x32, (x - 128) / 128.
 * Training and inference share this class so that both see the same pixels. The header is read
 * first so that an image claiming huge dimensions is refused before any pixel memory is allocated.
 */
public final class ImagePreprocessor {

  /** Default limit on the encoded size. */
  public static final int DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

  /**
   * Longest side read, whatever the pixel limit: the most a JPEG or GIF header can state. PNG's
   * readers do work per row and allocate per row of the full width, so within 25 M pixels a
   * 1x25,000,000 PNG of 49 KB cost 4.4-4.7 s even read subsampled, and a 25,000,000x1 one a 75 MB
   * row buffer.
   */
  public static final int MAX_SIDE = 65_535;

  /** Default limit on width x height. */
  public static final long DEFAULT_MAX_PIXELS = 25_000_000L;

  private final int maxBytes;
  private final long maxPixels;

  /** A preprocessor with the default limits. */
  public ImagePreprocessor() {
    this(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS);
  }

  /** A preprocessor with the given limits. */
  public ImagePreprocessor(int maxBytes, long maxPixels) {
    if (maxBytes <= 0 || maxPixels <= 0) {
      throw new IllegalArgumentException("image limits must be positive");
    }
    this.maxBytes = maxBytes;
    this.maxPixels = maxPixels;
  }

  /**
   * Decodes an image, refusing what the limits or the readers do not allow.
   *
   * @throws InvalidImageException with the reason
   */
  public BufferedImage decode(byte[] bytes) throws InvalidImageException {
    if (bytes == null || bytes.length == 0) {
      throw new InvalidImageException(Kind.EMPTY, "empty image");
    }
    if (bytes.length > maxBytes) {
      throw new InvalidImageException(
          Kind.TOO_LARGE, "image of " + bytes.length + " bytes exceeds the limit of " + maxBytes);
    }
    // In memory: ImageIO's default stream would cache to a file in java.io.tmpdir.
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      ImageReader reader =
          ImageReaders.forInput(in)
              .orElseThrow(
                  () ->
                      new InvalidImageException(
                          Kind.NOT_AN_IMAGE, "not an image in a readable format"));
      try {
        reader.setInput(in, true, true);
        String format = reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
        long width;
        long height;
        try {
          width = reader.getWidth(0);
          height = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
          throw new InvalidImageException(Kind.CORRUPT, format + " header is damaged", e);
        }
        if (width <= 0 || height <= 0) {
          throw new InvalidImageException(Kind.CORRUPT, format + " claims no pixels");
        }
        String size = format + " of " + width + "x" + height + " pixels";
        if (width > MAX_SIDE || height > MAX_SIDE) {
          throw new InvalidImageException(
              Kind.TOO_LARGE, size + " has a side above " + MAX_SIDE + " pixels");
        }
        if (width * height > maxPixels) {
          throw new InvalidImageException(
              Kind.TOO_LARGE, size + " exceeds the limit of " + maxPixels + " pixels");
        }
        reader.addIIOReadWarningListener(new DamageWarnings());
        BufferedImage image;
        try {
          image = reader.read(0, reducedReading(reader, width, height));
        } catch (IOException | RuntimeException e) {
          DamageWarnings.Damaged damage = damageIn(e);
          if (damage != null) {
            throw new InvalidImageException(
                Kind.CORRUPT, format + " data is damaged: " + damage.getMessage(), e);
          }
          if (e instanceof javax.imageio.IIOException iio) {
            throw classify(format, iio);
          }
          throw new InvalidImageException(
              Kind.CORRUPT, format + " data is damaged: " + message(e), e);
        }
        return image;
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new InvalidImageException(Kind.CORRUPT, "unreadable image: " + message(e), e);
    }
  }

  private static InvalidImageException classify(String format, javax.imageio.IIOException e) {
    String text = message(e);
    if (text.contains("Unsupported Image Type") || text.contains("Unsupported")) {
      return new InvalidImageException(
          Kind.UNSUPPORTED, format + " of an unsupported kind: " + text, e);
    }
    return new InvalidImageException(Kind.CORRUPT, format + " data is damaged: " + text, e);
  }

  /**
   * How far beyond the network's input (100x32) an image is read in each dimension, at most: a
   * larger one is read with source subsampling down to this. Without it the pixel limit's worst
   * cases cost a task seconds to minutes and gigabytes per record (a 5000x5000 PNG of 96 KB: 3.5-6
   * s and 184 MB; a 25,000,000x1 PNG of 24 KB: 38-69 s and 1 GB, measured on the development
   * machine under load), far beyond what a checkpoint waits. Crops up to 800x256 are read whole, as
   * before; the halving in {@link #downscaled} still averages what is read.
   */
  static final int MAX_READ_FACTOR = 16;

  /** Read parameters that subsample an image above {@link #MAX_READ_FACTOR} times the input. */
  private static ImageReadParam reducedReading(ImageReader reader, long width, long height) {
    ImageReadParam param = reader.getDefaultReadParam();
    int sx = subsampling(width, GrcnnConfig.WIDTH);
    int sy = subsampling(height, GrcnnConfig.HEIGHT);
    if (sx > 1 || sy > 1) {
      param.setSourceSubsampling(sx, sy, 0, 0);
    }
    return param;
  }

  /** Every n-th pixel so that at most {@link #MAX_READ_FACTOR} x {@code target} are read. */
  static int subsampling(long size, int target) {
    long most = (long) MAX_READ_FACTOR * target;
    return (int) Math.max(1, (size + most - 1) / most);
  }

  /** The damage warning that stopped a read, however a reader wrapped it; null if none did. */
  private static DamageWarnings.Damaged damageIn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DamageWarnings.Damaged damage) {
        return damage;
      }
    }
    return null;
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /**
   * Decodes and converts to the network input.
   *
   * @return 32 x 100 values, row-major, normalised as (x - 128) / 128
   */
  public float[] preprocess(byte[] bytes) throws InvalidImageException {
    return toInput(decode(bytes));
  }

  /**
   * Converts a decoded image: grey (transparent parts on white), bilinear to 100x32, normalised.
   */
  public static float[] toInput(BufferedImage image) {
    BufferedImage grey = toGrey(image);
    BufferedImage small =
        new BufferedImage(GrcnnConfig.WIDTH, GrcnnConfig.HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = small.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(downscaled(grey), 0, 0, GrcnnConfig.WIDTH, GrcnnConfig.HEIGHT, null);
    } finally {
      g.dispose();
    }
    byte[] pixels = ((java.awt.image.DataBufferByte) small.getRaster().getDataBuffer()).getData();
    float[] out = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      out[i] = ((pixels[i] & 0xff) - 128f) / 128f;
    }
    return out;
  }

  /** Luminance of every pixel, composited over white. */
  static BufferedImage toGrey(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    BufferedImage grey = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    byte[] out = ((java.awt.image.DataBufferByte) grey.getRaster().getDataBuffer()).getData();
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int argb = row[x];
        int a = argb >>> 24;
        double lum =
            0.299 * ((argb >> 16) & 0xff) + 0.587 * ((argb >> 8) & 0xff) + 0.114 * (argb & 0xff);
        double v = (lum * a + 255.0 * (255 - a)) / 255.0;
        out[y * w + x] = (byte) Math.round(v);
      }
    }
    return grey;
  }

  /**
   * Halves the image while it is more than twice the target, so that the final bilinear step
   * averages over neighbours instead of skipping pixels (aliasing on large crops).
   */
  private static BufferedImage downscaled(BufferedImage grey) {
    BufferedImage current = grey;
    while (current.getWidth() >= 2 * GrcnnConfig.WIDTH * 2
        || current.getHeight() >= 2 * GrcnnConfig.HEIGHT * 2) {
      // Never up in either dimension: a 25,000,000x1 image once became 12,500,000x32.
      int w = Math.max(Math.min(GrcnnConfig.WIDTH, current.getWidth()), current.getWidth() / 2);
      int h = Math.max(Math.min(GrcnnConfig.HEIGHT, current.getHeight()), current.getHeight() / 2);
      BufferedImage half = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
      Graphics2D g = half.createGraphics();
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(current, 0, 0, w, h, null);
      g.dispose();
      if (w == current.getWidth() && h == current.getHeight()) {
        break;
      }
      current = half;
    }
    return current;
  }
}
