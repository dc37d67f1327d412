package dev.grcnn.ocr.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The layers of a config with their output shapes, trainable parameters and multiply-adds per
 * image, computed from the sizes alone (the tests check it against the built network).
 */
public final class LayerTable {

  /**
   * One layer.
   *
   * @param name what the layer is
   * @param output its output shape per image, e.g. "64x16x50" or "26x512"
   * @param parameters trainable parameters
   * @param multiplyAdds multiply-adds per image
   */
  public record Row(String name, String output, long parameters, long multiplyAdds) {}

  private LayerTable() {}

  /** The rows of a config for the given number of classes. */
  public static List<Row> of(GrcnnConfig c, int classes) {
    List<Row> rows = new ArrayList<>();
    int h = GrcnnConfig.HEIGHT;
    int w = GrcnnConfig.WIDTH;
    rows.add(new Row("input (grey)", "1x" + h + "x" + w, 0, 0));
    int ch = c.stemChannels();
    rows.add(new Row("conv 3x3 + ReLU", shape(ch, h, w), 9L * ch + ch, 9L * ch * h * w));
    h /= 2;
    w /= 2;
    rows.add(new Row("max-pool 2x2", shape(ch, h, w), 0, 0));
    int t = c.iterations();
    for (int i = 0; i < 3; i++) {
      int out = c.grclChannels().get(i);
      long recurrentSets = c.sharedWeights() ? 1 : t;
      long params = 10L * ch * out + recurrentSets * 10L * out * out + (2 + 3L * t) * 2 * out;
      long macs = (long) h * w * (10L * ch * out + t * 10L * out * out);
      String label =
          "GRCL " + out + ", T=" + t + (c.sharedWeights() ? " shared" : "") + " (BN per step)";
      rows.add(new Row(label, shape(out, h, w), params, macs));
      ch = out;
      if (i == 0) {
        h /= 2;
        w /= 2;
        rows.add(new Row("max-pool 2x2", shape(ch, h, w), 0, 0));
      } else {
        h = (h - 2) / 2 + 1;
        w = w + 1;
        rows.add(new Row("max-pool 2x2 /(2,1) pad (0,1)", shape(ch, h, w), 0, 0));
      }
    }
    int conv = c.convChannels();
    h -= 1;
    w -= 1;
    rows.add(
        new Row(
            "conv 2x2 + BN + ReLU",
            shape(conv, h, w),
            4L * ch * conv + 2L * conv,
            4L * ch * conv * h * w));
    int steps = w;
    int hidden = c.lstmHidden();
    rows.add(bilstm("BiLSTM " + hidden + " -> linear " + hidden, steps, conv, hidden, hidden));
    rows.add(bilstm("BiLSTM " + hidden + " -> linear " + classes, steps, hidden, hidden, classes));
    rows.add(new Row("log-softmax (CTC, blank = 0)", steps + "x" + classes, 0, 0));
    return rows;
  }

  private static Row bilstm(String name, int steps, long in, long hidden, long out) {
    long perDirection = 4 * hidden * (in + hidden) + 8 * hidden;
    long params = 2 * perDirection + 2 * hidden * out + out;
    long macs = steps * (2 * 4 * hidden * (in + hidden) + 2 * hidden * out);
    return new Row(name, steps + "x" + out, params, macs);
  }

  private static String shape(int c, int h, int w) {
    return c + "x" + h + "x" + w;
  }

  /** Sum of the parameters of all rows. */
  public static long totalParameters(List<Row> rows) {
    return rows.stream().mapToLong(Row::parameters).sum();
  }

  /** Sum of the multiply-adds of all rows. */
  public static long totalMultiplyAdds(List<Row> rows) {
    return rows.stream().mapToLong(Row::multiplyAdds).sum();
  }
}
