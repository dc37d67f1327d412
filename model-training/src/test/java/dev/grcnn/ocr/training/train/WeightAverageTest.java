package dev.grcnn.ocr.training.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.ModelInfo;
import dev.grcnn.ocr.model.OcrModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightAverageTest {

  @TempDir Path dir;

  private static OcrModel tiny() {
    return OcrModel.create(
        ModelInfo.untrained("tiny", OcrTrainerTest.TINY, Alphabet.DEFAULT), Device.cpu());
  }

  private static Map<String, float[]> weights(OcrModel model) {
    Map<String, float[]> values = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : model.network().getParameters()) {
      values.put(p.getKey(), p.getValue().getArray().toFloatArray());
    }
    return values;
  }

  /** Adds {@code amount} to every weight, as an optimiser step would move them. */
  private static void shift(OcrModel model, float amount) {
    for (Pair<String, Parameter> p : model.network().getParameters()) {
      p.getValue().getArray().addi(amount);
    }
  }

  private static void assertAllClose(Map<String, float[]> expected, Map<String, float[]> actual) {
    for (String name : expected.keySet()) {
      float[] e = expected.get(name);
      float[] a = actual.get(name);
      for (int i = 0; i < e.length; i++) {
        assertTrue(Math.abs(e[i] - a[i]) < 1e-5, name + "[" + i + "]: " + e[i] + " vs " + a[i]);
      }
    }
  }

  private static Map<String, float[]> plus(Map<String, float[]> values, float amount) {
    Map<String, float[]> shifted = new LinkedHashMap<>();
    values.forEach(
        (name, v) -> {
          float[] s = v.clone();
          for (int i = 0; i < s.length; i++) {
            s[i] += amount;
          }
          shifted.put(name, s);
        });
    return shifted;
  }

  @Test
  void theAverageMovesByOneMinusDecayAndIsSwappedInAndOutExactly() throws IOException {
    try (OcrModel model = tiny()) {
      Map<String, float[]> start = weights(model);
      WeightAverage average = WeightAverage.startingAt(model.network(), 0.75f, model.manager());
      shift(model, 1f);
      average.update(); // start + 0.25
      shift(model, 1f);
      average.update(); // start + 0.25 + 0.25 * (2 - 0.25) = start + 0.6875
      Map<String, float[]> trained = weights(model);

      Map<String, float[]> seen = average.withAveragedWeights(() -> weights(model));
      assertAllClose(plus(start, 0.6875f), seen);
      // The trained weights are back bit for bit.
      Map<String, float[]> after = weights(model);
      for (String name : trained.keySet()) {
        assertArrayEquals(trained.get(name), after.get(name), name);
      }
      // The swap left no shared memory behind: training on does not move the average.
      shift(model, 5f);
      assertAllClose(plus(start, 0.6875f), average.withAveragedWeights(() -> weights(model)));
    }
  }

  @Test
  void aSavedAverageLoadsIntoAnotherRunAndAForeignOneIsRefused() throws IOException {
    Path file = dir.resolve(WeightAverage.FILE);
    Map<String, float[]> expected;
    try (OcrModel model = tiny()) {
      WeightAverage average = WeightAverage.startingAt(model.network(), 0.5f, model.manager());
      shift(model, 2f);
      average.update();
      expected = average.withAveragedWeights(() -> weights(model));
      average.save(file);
    }
    try (OcrModel other = tiny()) {
      WeightAverage loaded = WeightAverage.load(file, other.network(), 0.5f, other.manager());
      assertAllClose(expected, loaded.withAveragedWeights(() -> weights(other)));
    }
    try (OcrModel compact =
        OcrModel.create(
            ModelInfo.untrained("c", GrcnnConfig.COMPACT, Alphabet.DEFAULT), Device.cpu())) {
      IOException e =
          assertThrows(
              IOException.class,
              () -> WeightAverage.load(file, compact.network(), 0.5f, compact.manager()));
      assertTrue(e.getMessage().contains("does not fit the network"), e.getMessage());
    }
  }
}
