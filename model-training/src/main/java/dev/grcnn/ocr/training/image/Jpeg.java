package dev.grcnn.ocr.training.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Baseline JPEG encoding through the JDK's codec, in memory, one writer per thread: what the
 * renderer stores its samples as and what the JPEG augmentation degrades crops with.
 */
public final class Jpeg {

  static {
    ImageIO.setUseCache(false); // in memory: no temporary files per image
  }

  private static final ThreadLocal<ImageWriter> WRITER =
      ThreadLocal.withInitial(() -> ImageIO.getImageWritersByFormatName("jpeg").next());

  private Jpeg() {}

  /** {@code image} as JPEG bytes at a quality in [0, 1] (as ImageWriteParam takes it). */
  public static byte[] encode(BufferedImage image, float quality) throws IOException {
    ImageWriter writer = WRITER.get();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.reset();
    }
    return bytes.toByteArray();
  }
}
