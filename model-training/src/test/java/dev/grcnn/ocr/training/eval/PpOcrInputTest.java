package dev.grcnn.ocr.training.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class PpOcrInputTest {

  private static final int PLANE = PpOcrInput.HEIGHT;

  private static float at(PpOcrInput in, int channel, int y, int x) {
    return in.chw()[(channel * PLANE + y) * in.width() + x];
  }

  @Test
  void aShortWordKeepsItsRatioAndIsPaddedWithZerosTo320() {
    BufferedImage image = new BufferedImage(30, 12, BufferedImage.TYPE_INT_RGB);
    fill(image, 0xff0000); // red
    PpOcrInput in = PpOcrInput.of(image);
    assertEquals(320, in.width());
    assertEquals(3 * 48 * 320, in.chw().length);
    // 48 * 30 / 12 = 120 columns of image; channels are B, G, R; (x / 255 - 0.5) / 0.5.
    assertEquals(-1f, at(in, 0, 10, 119), 1e-6);
    assertEquals(-1f, at(in, 1, 10, 119), 1e-6);
    assertEquals(1f, at(in, 2, 10, 119), 1e-6);
    assertEquals(0f, at(in, 2, 10, 120), 0);
    assertEquals(0f, at(in, 0, 47, 319), 0);
  }

  @Test
  void theResizedWidthIsRoundedUp() {
    // 48 * 25 / 11 = 109.09: PaddleOCR takes ceil, 110 columns.
    BufferedImage image = new BufferedImage(25, 11, BufferedImage.TYPE_INT_RGB);
    fill(image, 0xffffff);
    PpOcrInput in = PpOcrInput.of(image);
    assertEquals(1f, at(in, 1, 0, 109), 1e-6);
    assertEquals(0f, at(in, 1, 0, 110), 0);
  }

  @Test
  void aLongWordKeepsItsWholeWidth() {
    BufferedImage image = new BufferedImage(700, 50, BufferedImage.TYPE_INT_RGB);
    fill(image, 0xffffff);
    PpOcrInput in = PpOcrInput.of(image);
    assertEquals(672, in.width()); // 48 * 700 / 50
    assertEquals(1f, at(in, 0, 47, 671), 1e-6);
  }

  @Test
  void greyImagesKeepTheirStoredValues() {
    BufferedImage image = new BufferedImage(4, 48, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 4; x++) {
        image.getRaster().setSample(x, y, 0, 51);
      }
    }
    PpOcrInput in = PpOcrInput.of(image);
    // getRGB would have brightened 51 to about 124 (Java's linear grey to sRGB).
    assertEquals((51 / 255f - 0.5f) / 0.5f, at(in, 0, 5, 2), 1e-6);
  }

  @Test
  void bilinearResizeAlignsPixelCentresLikeOpenCv() {
    // cv2.resize([[0, 100]], (4, 1)) == [[0, 25, 75, 100]]
    assertArrayEquals(
        new int[] {0, 25, 75, 100}, PpOcrInput.resizeBilinear(new int[] {0, 100}, 2, 1, 4, 1));
    // cv2.resize([[0, 40, 80, 120]], (2, 1)) == [[20, 100]]: no smoothing when shrinking.
    assertArrayEquals(
        new int[] {20, 100}, PpOcrInput.resizeBilinear(new int[] {0, 40, 80, 120}, 4, 1, 2, 1));
  }

  private static void fill(BufferedImage image, int rgb) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        image.setRGB(x, y, rgb);
      }
    }
  }
}
