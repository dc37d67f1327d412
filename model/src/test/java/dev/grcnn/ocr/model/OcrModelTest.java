package dev.grcnn.ocr.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OcrModelTest {

  @TempDir Path dir;

  @Test
  void savedAndLoadedModelGivesIdenticalOutputs() throws IOException {
    float[] input = new float[32 * 100];
    Random random = new Random(3);
    for (int i = 0; i < input.length; i++) {
      input[i] = random.nextFloat() * 2 - 1;
    }
    ModelInfo info = ModelInfo.untrained("roundtrip", GrcnnConfig.COMPACT, Alphabet.DEFAULT);
    float[][][] before;
    try (OcrModel model = OcrModel.create(info.withIterations(42), Device.cpu())) {
      before = model.logProbabilities(List.of(input));
      model.save(dir);
    }
    try (OcrModel loaded = OcrModel.load(dir, Device.cpu())) {
      assertEquals(42, loaded.info().iterations());
      assertEquals(GrcnnConfig.COMPACT, loaded.info().config());
      float[][][] after = loaded.logProbabilities(List.of(input));
      for (int t = 0; t < 26; t++) {
        assertArrayEquals(before[0][t], after[0][t], 0f);
      }
    }
  }

  @Test
  void aFolderWithoutAModelIsRefusedWithItsPath() {
    IOException e = assertThrows(IOException.class, () -> OcrModel.load(dir, Device.cpu()));
    assertTrue(e.getMessage().contains("not a model directory"), e.getMessage());
  }

  @Test
  void truncatedParametersAreRefused() throws IOException {
    try (OcrModel model =
        OcrModel.create(
            ModelInfo.untrained("t", GrcnnConfig.COMPACT, Alphabet.DEFAULT), Device.cpu())) {
      model.save(dir);
    }
    Path params = dir.resolve(OcrModel.PARAMS_FILE);
    byte[] bytes = Files.readAllBytes(params);
    Files.write(params, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    IOException e = assertThrows(IOException.class, () -> OcrModel.load(dir, Device.cpu()));
    assertTrue(e.getMessage().contains("cannot read parameters"), e.getMessage());
  }

  @Test
  void nanOrInfiniteWeightsAreRefusedAtLoad() throws IOException {
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
      Path model = dir.resolve("model-" + bad);
      try (OcrModel m =
          OcrModel.create(
              ModelInfo.untrained("t", GrcnnConfig.COMPACT, Alphabet.DEFAULT), Device.cpu())) {
        // One weight of the last layer, as a diverged training step would leave it.
        var params = m.network().getParameters();
        var last = params.get(params.size() - 1).getValue().getArray();
        last.set(new ai.djl.ndarray.index.NDIndex("0"), bad);
        m.save(model);
      }
      IOException e = assertThrows(IOException.class, () -> OcrModel.load(model, Device.cpu()));
      assertTrue(e.getMessage().contains("NaN or infinite"), e.getMessage());
    }
  }

  @Test
  void unknownConfigNamesListTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GrcnnConfig.byName("huge"));
    assertTrue(e.getMessage().contains("compact, wide, small, paper"));
  }

  @Test
  void alphabetNormalisesToTheThirtySixClasses() {
    assertEquals("dont", Alphabet.DEFAULT.normalize("Don't"));
    assertEquals(37, Alphabet.DEFAULT.size());
    assertTrue(Alphabet.DEFAULT.encode("a-b").isEmpty());
    assertArrayEquals(new int[] {1, 11, 36}, Alphabet.DEFAULT.encode("0az").orElseThrow());
  }
}
