package dev.grcnn.ocr.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.LayerTable;
import dev.grcnn.ocr.model.ModelInfo;
import dev.grcnn.ocr.model.OcrModel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GrcnnNetworkTest {

  @ParameterizedTest
  @ValueSource(strings = {"compact", "wide", "small", "paper"})
  void everyConfigMapsABatchToTwentySixStepsOfLogProbabilities(String name) {
    GrcnnConfig config = GrcnnConfig.byName(name);
    try (OcrModel model =
        OcrModel.create(ModelInfo.untrained("t", config, Alphabet.DEFAULT), Device.cpu())) {
      float[] image = new float[32 * 100];
      for (int i = 0; i < image.length; i++) {
        image[i] = (float) Math.sin(i * 0.01);
      }
      float[][][] out = model.logProbabilities(List.of(image, new float[32 * 100]));
      assertEquals(2, out.length);
      assertEquals(26, out[0].length);
      assertEquals(37, out[0][0].length);
      double total = 0;
      for (float v : out[0][7]) {
        total += Math.exp(v);
      }
      assertEquals(1.0, total, 1e-4, "log-softmax over the classes");
    }
  }

  @Test
  void featureMapOfThePaperConfigIsOneRowOf26Columns() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      GrcnnFeatureExtractor features = new GrcnnFeatureExtractor(GrcnnConfig.PAPER);
      features.initialize(manager, DataType.FLOAT32, GrcnnNetwork.inputShape(3));
      assertEquals(
          new Shape(3, 512, 1, 26),
          features.getOutputShapes(new Shape[] {GrcnnNetwork.inputShape(3)})[0]);
      NDArray x = manager.randomNormal(GrcnnNetwork.inputShape(3));
      NDArray y = features.forward(new ParameterStore(manager, false), new NDList(x), false).head();
      assertEquals(new Shape(3, 512, 1, 26), y.getShape());
    }
  }

  @Test
  void initialisationRejectsAWrongInputShape() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      GrcnnNetwork network = new GrcnnNetwork(GrcnnConfig.COMPACT, 37);
      assertThrows(
          IllegalArgumentException.class,
          () -> network.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 100)));
    }
  }

  /** Layer table of the paper config; biases only where no batch norm follows. */
  @Test
  void paperParameterCountMatchesTheLayerTable() {
    long stem = 1 * 64 * 9 + 64; // conv 3x3, 1 -> 64, with bias
    long grcl1 = grcl(64, 64, 5);
    long grcl2 = grcl(64, 128, 5);
    long grcl3 = grcl(128, 256, 5);
    long conv = 256L * 512 * 4 + 2 * 512; // conv 2x2 without bias + BN
    long lstm1 = 2 * lstm(512, 512) + (1024L * 512 + 512);
    long lstm2 = 2 * lstm(512, 512) + (1024L * 37 + 37);
    long expected = stem + grcl1 + grcl2 + grcl3 + conv + lstm1 + lstm2;
    try (OcrModel model =
        OcrModel.create(
            ModelInfo.untrained("t", GrcnnConfig.PAPER, Alphabet.DEFAULT), Device.cpu())) {
      assertEquals(expected, model.trainableParameterCount());
    }
    assertTrue(expected > 8_000_000, "the paper's GRCNN is a large model: " + expected);
  }

  /** GRCL without sharing: w_f 3x3, w_gf 1x1, T x (w_r 3x3, w_gr 1x1), 2 + 3T batch norms. */
  private static long grcl(long in, long c, int t) {
    return in * c * 9 + in * c + t * (c * c * 9 + c * c) + (2 + 3L * t) * 2 * c;
  }

  /** One LSTM direction: input and hidden weights of the four gates, and two biases. */
  private static long lstm(long in, long h) {
    return 4 * h * in + 4 * h * h + 8 * h;
  }

  @ParameterizedTest
  @ValueSource(strings = {"compact", "wide", "small", "paper"})
  void layerTableAgreesWithTheBuiltNetwork(String name) {
    GrcnnConfig config = GrcnnConfig.byName(name);
    List<LayerTable.Row> rows = LayerTable.of(config, 37);
    assertEquals(count(config), LayerTable.totalParameters(rows));
    assertEquals("26x37", rows.get(rows.size() - 1).output());
  }

  @Test
  void sharingWeightsShrinksOnlyTheRecurrentConvolutions() {
    GrcnnConfig unshared = new GrcnnConfig("u", 16, List.of(16, 16, 16), 3, false, 32, 16);
    GrcnnConfig shared = new GrcnnConfig("s", 16, List.of(16, 16, 16), 3, true, 32, 16);
    long a = count(unshared);
    long b = count(shared);
    // Per layer, sharing removes (T - 1) x (3x3 + 1x1) recurrent convolutions of 16 -> 16.
    assertEquals(3 * 2L * (16 * 16 * 9 + 16 * 16), a - b);
  }

  private static long count(GrcnnConfig config) {
    try (OcrModel model =
        OcrModel.create(ModelInfo.untrained("t", config, Alphabet.DEFAULT), Device.cpu())) {
      return model.trainableParameterCount();
    }
  }

  @Test
  void reversedDirectionSeesTheFutureOfEachStep() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      BidirectionalLstm lstm = new BidirectionalLstm(4, 3, 2);
      lstm.initialize(manager, DataType.FLOAT32, new Shape(1, 5, 4));
      ParameterStore ps = new ParameterStore(manager, false);
      NDArray x = manager.randomNormal(new Shape(1, 5, 4));
      float[] base = lstm.forward(ps, new NDList(x), false).head().toFloatArray();
      NDArray changedLast = x.duplicate();
      changedLast.set(new ai.djl.ndarray.index.NDIndex("0, 4, :"), 5f);
      float[] changed = lstm.forward(ps, new NDList(changedLast), false).head().toFloatArray();
      // Step 0's output depends on step 4 only through the backward direction.
      float[] first = {base[0], base[1]};
      float[] firstChanged = {changed[0], changed[1]};
      assertTrue(
          Math.abs(first[0] - firstChanged[0]) + Math.abs(first[1] - firstChanged[1]) > 1e-6);
      assertArrayEquals(
          new long[] {1, 5, 2},
          lstm.getOutputShapes(new Shape[] {new Shape(1, 5, 4)})[0].getShape());
    }
  }
}
