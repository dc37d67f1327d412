package dev.grcnn.ocr.model.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Whatever bytes arrive, the decoder returns one network input or a typed refusal with a reason:
 * never another exception, a hang or an out-of-memory error. Seeds (one small image per format) are
 * in this test's resources; the build fuzzes briefly on every run.
 */
class ImageDecoderFuzzTest {

  // Limits small enough that a mutated header cannot make the fuzzer allocate gigabytes.
  private final ImagePreprocessor preprocessor = new ImagePreprocessor(1 << 20, 4_000_000);

  @FuzzTest(maxDuration = "30s")
  void decodesOrRefusesWithAReason(byte[] data) {
    try {
      float[] input = preprocessor.preprocess(data);
      assertEquals(32 * 100, input.length);
      for (float v : input) {
        assertFalse(Float.isNaN(v) || v < -1.0001f || v > 1f);
      }
    } catch (InvalidImageException e) {
      assertNotNull(e.kind());
      assertFalse(e.getMessage() == null || e.getMessage().isBlank());
    }
  }
}
