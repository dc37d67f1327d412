package dev.grcnn.ocr.training.augment;

import dev.grcnn.ocr.training.image.Jpeg;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.stream.ImageInputStream;

/**
 * JPEG artefacts: the grey crop encoded at a low quality and decoded again (blocking, ringing round
 * strokes), through the JDK's codec, one writer and reader per thread. Strength: the quality in [0,
 * 1], as {@link ImageWriteParam#setCompressionQuality} takes it.
 */
final class JpegCompression implements Transform {

  static {
    ImageIO.setUseCache(false);
  }

  private static final ThreadLocal<ImageReader> READER =
      ThreadLocal.withInitial(() -> ImageIO.getImageReadersByFormatName("jpeg").next());

  @Override
  public Plane apply(Plane in, double strength, Random random) {
    BufferedImage grey = new BufferedImage(in.width, in.height, BufferedImage.TYPE_BYTE_GRAY);
    byte[] pixels = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) Plane.grey(in.v[i]);
    }
    try {
      BufferedImage decoded = decode(Jpeg.encode(grey, (float) Math.max(0, Math.min(1, strength))));
      if (decoded.getWidth() != in.width
          || decoded.getHeight() != in.height
          || decoded.getRaster().getNumBands() != 1) {
        return in;
      }
      // The raster's own samples: the codec's values, with no colour conversion on the way.
      int[] samples = decoded.getRaster().getPixels(0, 0, in.width, in.height, (int[]) null);
      Plane out = new Plane(in.width, in.height);
      for (int i = 0; i < samples.length; i++) {
        out.v[i] = samples[i];
      }
      return out;
    } catch (IOException e) {
      return in; // in memory this does not happen; the crop is then left as it was
    }
  }

  private static BufferedImage decode(byte[] bytes) throws IOException {
    ImageReader reader = READER.get();
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      return reader.read(0);
    } finally {
      reader.reset();
    }
  }
}
