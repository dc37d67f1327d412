package dev.grcnn.ocr.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.grcnn.ocr.model.OcrModel;
import dev.grcnn.ocr.model.nn.BidirectionalLstm;
import dev.grcnn.ocr.model.nn.GrclBlock;
import dev.grcnn.ocr.model.nn.GrcnnNetwork;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where the time of an inference forward pass goes, by kind of operation: the network's blocks are
 * run one by one (and a GRCL layer's operations one by one, as {@link GrclBlock} computes them)
 * with a clock around each. The result is checked against the network's own forward pass, so the
 * profile measures the computation that the network does.
 */
final class ForwardProfile {

  static final String STEM = "stem conv 3x3 + ReLU";
  static final String POOLS = "max-pools";
  static final String GRCL_CONV = "GRCL convolutions";
  static final String GRCL_BN = "GRCL batch norms";
  static final String GRCL_ELEMENTWISE = "GRCL add, mul, sigmoid, ReLU";
  static final String HEAD = "conv 2x2 + BN + ReLU";
  static final String LSTM = "BiLSTMs (LSTMs, flips, concat, linear)";
  static final String OUTPUT = "log-softmax, copy out";

  private final Map<String, Long> nanos = new LinkedHashMap<>();

  private ForwardProfile() {
    for (String k :
        List.of(STEM, POOLS, GRCL_CONV, GRCL_BN, GRCL_ELEMENTWISE, HEAD, LSTM, OUTPUT)) {
      nanos.put(k, 0L);
    }
  }

  /**
   * Milliseconds per pass of each kind of operation, over {@code passes} passes after one untimed
   * pass, on a batch of random inputs.
   *
   * @throws IllegalStateException when the profiled computation differs from the network's
   */
  static Map<String, Double> of(OcrModel model, int batch, int passes) {
    ForwardProfile p = new ForwardProfile();
    GrcnnNetwork net = model.network();
    try (NDManager m = model.manager().newSubManager()) {
      NDArray x = m.randomUniform(-1, 1, GrcnnNetwork.inputShape(batch));
      NDArray expected = net.forward(new ParameterStore(m, false), new NDList(x), false).head();
      NDArray got = p.pass(net, x, m);
      if (!got.allClose(expected, 1e-4, 1e-4, false)) {
        throw new IllegalStateException("the profiled pass differs from the network's");
      }
      p.nanos.replaceAll((k, v) -> 0L);
      float[] input = x.toFloatArray();
      for (int i = 0; i < passes; i++) {
        // Results attach to their inputs' manager: an input of the pass's own manager makes
        // every intermediate of the pass free with it, as in OcrModel.logProbabilities.
        try (NDManager pass = m.newSubManager()) {
          p.pass(net, pass.create(input, x.getShape()), pass);
        }
      }
    }
    Map<String, Double> ms = new LinkedHashMap<>();
    p.nanos.forEach((k, v) -> ms.put(k, v / 1e6 / passes));
    return ms;
  }

  private NDArray pass(GrcnnNetwork net, NDArray input, NDManager m) {
    ParameterStore ps = new ParameterStore(m, false);
    NDArray x = input;
    Block features = net.getChildren().get(0).getValue();
    Block layers = features.getChildren().get(0).getValue();
    List<Block> blocks = layers.getChildren().values();
    for (int i = 0; i < blocks.size(); i++) {
      Block b = blocks.get(i);
      NDArray in = x;
      if (b instanceof GrclBlock g) {
        x = grcl(g, ps, x);
      } else {
        // conv + ReLU first, conv + BN + ReLU last, max-pools between (GrcnnFeatureExtractor)
        String kind = i <= 1 ? STEM : i >= blocks.size() - 3 ? HEAD : POOLS;
        x = time(kind, () -> run(b, ps, in));
      }
    }
    NDArray map = x;
    NDArray seq = time(LSTM, () -> map.squeeze(2).transpose(0, 2, 1));
    for (int k = 1; k <= 2; k++) {
      Block lstm = net.getChildren().get(k).getValue();
      if (!(lstm instanceof BidirectionalLstm)) {
        throw new IllegalStateException("unexpected block " + lstm);
      }
      NDArray in = seq;
      seq = time(LSTM, () -> run(lstm, ps, in));
    }
    NDArray logits = seq;
    return time(
        OUTPUT,
        () -> {
          NDArray out = logits.logSoftmax(2);
          out.toFloatArray();
          return out;
        });
  }

  /** A GRCL layer's forward pass, operation by operation as {@link GrclBlock} computes it. */
  private NDArray grcl(GrclBlock g, ParameterStore ps, NDArray u) {
    Map<String, Block> c = new HashMap<>();
    g.getChildren().forEach(p -> c.put(p.getKey().replaceFirst("^[0-9]+", ""), p.getValue()));
    int iterations = 0;
    while (c.containsKey("wr_bn_" + iterations)) {
      iterations++;
    }
    boolean shared = !c.containsKey("wr_1");
    NDArray ff = norm(c.get("wf_bn"), ps, conv(c.get("wf"), ps, u));
    NDArray gateFf = norm(c.get("wgf_bn"), ps, conv(c.get("wgf"), ps, u));
    NDArray x = time(GRCL_ELEMENTWISE, () -> Activation.relu(ff));
    for (int t = 0; t < iterations; t++) {
      String w = shared ? "0" : Integer.toString(t);
      NDArray gateRec = norm(c.get("wgr_bn_" + t), ps, conv(c.get("wgr_" + w), ps, x));
      NDArray gate = time(GRCL_ELEMENTWISE, () -> Activation.sigmoid(gateFf.add(gateRec)));
      NDArray rec = norm(c.get("wr_bn_" + t), ps, conv(c.get("wr_" + w), ps, x));
      NDArray product = time(GRCL_ELEMENTWISE, () -> rec.mul(gate));
      NDArray gated = norm(c.get("gated_bn_" + t), ps, product);
      x = time(GRCL_ELEMENTWISE, () -> Activation.relu(ff.add(gated)));
    }
    return x;
  }

  private NDArray conv(Block b, ParameterStore ps, NDArray in) {
    return time(GRCL_CONV, () -> run(b, ps, in));
  }

  private NDArray norm(Block b, ParameterStore ps, NDArray in) {
    return time(GRCL_BN, () -> run(b, ps, in));
  }

  private static NDArray run(Block b, ParameterStore ps, NDArray in) {
    return b.forward(ps, new NDList(in), false).head();
  }

  private NDArray time(String kind, Supplier<NDArray> op) {
    long start = System.nanoTime();
    NDArray out = op.get();
    nanos.merge(kind, System.nanoTime() - start, Long::sum);
    return out;
  }
}
