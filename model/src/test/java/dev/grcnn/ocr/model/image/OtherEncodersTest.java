package dev.grcnn.ocr.model.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grcnn.ocr.testkit.ImageFiles;
import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real files from other encoders (ImageMagick, Pillow, cwebp) decode to the pixels of the PNG they
 * were made from: CMYK and YCCK JPEGs in colour, not black or inverted, and WebP at all.
 */
class OtherEncodersTest {

  private final ImagePreprocessor preprocessor = new ImagePreprocessor();

  @ParameterizedTest
  @EnumSource(
      value = ImageFiles.class,
      names = {"CMYK_JPEG", "YCCK_JPEG", "LOSSY_WEBP", "LOSSLESS_WEBP"})
  void decodesToTheColoursOfTheSource(ImageFiles file) throws Exception {
    BufferedImage reference = preprocessor.decode(ImageFiles.PNG.bytes());
    BufferedImage decoded = preprocessor.decode(file.bytes());
    assertEquals(ImageFiles.WIDTH, decoded.getWidth(), file.name());
    assertEquals(ImageFiles.HEIGHT, decoded.getHeight(), file.name());
    double[] difference = meanAbsoluteDifference(reference, decoded);
    System.out.printf(
        "%s: mean |difference| per channel R %.1f G %.1f B %.1f (of 255)%n",
        file, difference[0], difference[1], difference[2]);
    for (double channel : difference) {
      assertTrue(channel < 6, file + " differs from the source by " + channel);
    }
  }

  /** Mean absolute difference of R, G and B over all pixels, 0-255. */
  static double[] meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
    double[] sum = new double[3];
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int c = 0; c < 3; c++) {
          int shift = 16 - 8 * c;
          sum[c] += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
        }
      }
    }
    int n = a.getWidth() * a.getHeight();
    return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
  }
}
