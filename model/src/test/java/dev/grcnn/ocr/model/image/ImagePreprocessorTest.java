package dev.grcnn.ocr.model.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grcnn.ocr.model.image.InvalidImageException.Kind;
import dev.grcnn.ocr.testkit.HostileImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {

  private final ImagePreprocessor preprocessor = new ImagePreprocessor();

  static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, format, out), "no writer for " + format);
    return out.toByteArray();
  }

  static BufferedImage word(int w, int h) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.BLACK);
    g.fillRect(w / 4, h / 4, w / 2, h / 2);
    g.dispose();
    return image;
  }

  @Test
  void everyCommonFormatBecomesOneNormalisedGreyInput() throws Exception {
    for (String format : new String[] {"png", "jpg", "bmp", "gif"}) {
      float[] in = preprocessor.preprocess(encode(word(160, 48), format));
      assertEquals(3200, in.length, format);
      assertEquals((255 - 128) / 128f, in[0], 0.05f, format + " white corner");
      assertEquals(-1f, in[16 * 100 + 50], 0.05f, format + " black centre");
    }
  }

  @Test
  void transparentPixelsAreWhite() throws Exception {
    BufferedImage image = new BufferedImage(100, 32, BufferedImage.TYPE_INT_ARGB);
    float[] in = preprocessor.preprocess(encode(image, "png"));
    assertEquals(127 / 128f, in[0], 1e-6f);
  }

  @Test
  void largeCropsAreAveragedDownNotSampled() throws Exception {
    // One-pixel stripes alternate black and white: a sampled resize keeps stripes, an
    // averaged one gives mid grey.
    BufferedImage stripes = new BufferedImage(1600, 512, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 512; y++) {
      for (int x = 0; x < 1600; x++) {
        stripes.setRGB(x, y, x % 2 == 0 ? 0xffffff : 0);
      }
    }
    float[] in = preprocessor.preprocess(encode(stripes, "png"));
    for (float v : in) {
      assertEquals(0f, v, 0.1f);
    }
  }

  @Test
  void emptyInputIsEmpty() {
    assertKind(Kind.EMPTY, new byte[0]);
    assertKind(Kind.EMPTY, null);
  }

  @Test
  void randomBytesAreNotAnImage() {
    byte[] junk = new byte[4096];
    new Random(1).nextBytes(junk);
    junk[0] = 'x';
    assertKind(Kind.NOT_AN_IMAGE, junk);
    assertKind(Kind.NOT_AN_IMAGE, "hello world".getBytes());
    assertKind(Kind.NOT_AN_IMAGE, new byte[] {1});
  }

  @Test
  void truncatedImagesAreCorrupt() throws Exception {
    for (String format : new String[] {"png", "jpg", "gif"}) {
      byte[] whole = encode(word(300, 80), format);
      byte[] cut = Arrays.copyOf(whole, whole.length / 2);
      InvalidImageException e =
          assertThrows(InvalidImageException.class, () -> preprocessor.preprocess(cut), format);
      assertEquals(Kind.CORRUPT, e.kind(), format + ": " + e.getMessage());
    }
  }

  @Test
  void aHeaderClaimingHugeDimensionsIsRefusedBeforeDecoding() throws Exception {
    assertKind(Kind.TOO_LARGE, HostileImages.pngClaiming(100_000, 100_000));
  }

  @Test
  void configurableLimitsOnBytesAndPixels() throws Exception {
    byte[] png = encode(word(200, 50), "png");
    ImagePreprocessor tight = new ImagePreprocessor(png.length - 1, 1_000_000);
    assertEquals(
        Kind.TOO_LARGE,
        assertThrows(InvalidImageException.class, () -> tight.preprocess(png)).kind());
    ImagePreprocessor fewPixels = new ImagePreprocessor(1 << 20, 9_999);
    assertEquals(
        Kind.TOO_LARGE,
        assertThrows(InvalidImageException.class, () -> fewPixels.preprocess(png)).kind());
  }

  private void assertKind(Kind kind, byte[] bytes) {
    InvalidImageException e =
        assertThrows(InvalidImageException.class, () -> preprocessor.preprocess(bytes));
    assertEquals(kind, e.kind(), e.getMessage());
    assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
  }
}
