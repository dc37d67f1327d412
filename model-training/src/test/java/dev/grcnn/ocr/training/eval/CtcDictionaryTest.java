package dev.grcnn.ocr.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CtcDictionaryTest {

  private static float[] oneHot(int k, int size) {
    float[] step = new float[size];
    step[k] = 0.9f;
    return step;
  }

  @Test
  void blankIsFirstSpaceLastAndRepeatsMergeUnlessABlankParts() throws IOException {
    CtcDictionary d =
        CtcDictionary.read(
            new ByteArrayInputStream("a\nb\n\uD840\uDC00".getBytes(StandardCharsets.UTF_8)));
    assertEquals(5, d.size()); // blank, a, b, one character beyond 16 bits, space
    int[] path = {1, 1, 0, 1, 4, 2, 2, 3, 0};
    float[][] scores = new float[path.length][];
    for (int t = 0; t < path.length; t++) {
      scores[t] = oneHot(path[t], d.size());
    }
    assertEquals("aa b\uD840\uDC00", d.greedy(scores));
  }
}
