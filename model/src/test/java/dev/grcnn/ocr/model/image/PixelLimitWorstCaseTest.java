package dev.grcnn.ocr.model.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grcnn.ocr.model.image.InvalidImageException.Kind;
import dev.grcnn.ocr.testkit.HostileImages;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The costliest images the limits let through are read subsampled, so what they allocate is bounded
 * by the network input, not by the pixel limit (times: {@code ./ocr bench job}); a side above
 * {@link ImagePreprocessor#MAX_SIDE} is refused from the header.
 */
class PixelLimitWorstCaseTest {

  private final ImagePreprocessor preprocessor = new ImagePreprocessor();

  private static long allocatedBy(Runnable r) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    r.run();
    return threads.getCurrentThreadAllocatedBytes() - before;
  }

  @Test
  void anImageAtThePixelLimitIsReadSubsampled() throws Exception {
    // 5000x5000 = the default 25 M pixels; 96 KB as a PNG. Read whole it allocated 184 MB.
    byte[] png = ImagePreprocessorTest.encode(ImagePreprocessorTest.word(5000, 5000), "png");
    BufferedImage read = preprocessor.decode(png);
    assertTrue(read.getWidth() <= 1600 && read.getHeight() <= 512, read.toString());
    preprocessor.preprocess(png); // warm
    long bytes =
        allocatedBy(
            () -> {
              try {
                preprocessor.preprocess(png);
              } catch (InvalidImageException e) {
                throw new AssertionError(e);
              }
            });
    assertTrue(bytes < 32_000_000, bytes + " bytes allocated");
  }

  @Test
  void smallCropsAreReadWhole() throws Exception {
    byte[] png = ImagePreprocessorTest.encode(ImagePreprocessorTest.word(1600, 512), "png");
    BufferedImage read = preprocessor.decode(png);
    assertEquals(1600, read.getWidth());
    assertEquals(512, read.getHeight());
    assertEquals(2, ImagePreprocessor.subsampling(1601, 100));
    assertEquals(1, ImagePreprocessor.subsampling(1600, 100));
  }

  @Test
  void aSideAboveTheLongestIsRefusedFromTheHeader() {
    for (int[] size : new int[][] {{25_000_000, 1}, {1, 25_000_000}, {65_536, 10}}) {
      InvalidImageException e =
          assertThrows(
              InvalidImageException.class,
              () -> preprocessor.preprocess(HostileImages.pngClaiming(size[0], size[1])));
      assertEquals(Kind.TOO_LARGE, e.kind());
      assertTrue(e.getMessage().contains("side above 65535"), e.getMessage());
    }
  }

  @Test
  void anExtremeAspectWithinTheLimitsIsReadWithoutGrowing() throws Exception {
    // 65535x1: the halving once grew it to 32 rows at every step.
    byte[] png =
        ImagePreprocessorTest.encode(
            new BufferedImage(65_535, 1, BufferedImage.TYPE_BYTE_GRAY), "png");
    assertEquals(3200, preprocessor.preprocess(png).length);
  }
}
