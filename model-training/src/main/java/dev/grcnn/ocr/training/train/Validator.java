package dev.grcnn.ocr.training.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.grcnn.ocr.model.OcrModel;
import dev.grcnn.ocr.model.decode.CtcGreedyDecoder;
import dev.grcnn.ocr.model.nn.GrcnnNetwork;
import dev.grcnn.ocr.training.loss.CtcLoss;

/** Greedy word accuracy and mean CTC loss of a model on held-out samples. */
final class Validator {

  /**
   * The outcome of a validation.
   *
   * @param samples samples scored
   * @param loss mean CTC loss
   * @param accuracy fraction read exactly (36-class, greedy)
   */
  record Result(int samples, double loss, double accuracy) {}

  private final String name;
  private final LabeledImages data;
  private final int batchSize;

  /** Scores the first {@code limit} samples of a set. */
  Validator(ValidationSet set, int limit, int batchSize) {
    this.name = set.name();
    this.data = set.data().slice(0, Math.min(limit, set.data().size()));
    this.batchSize = batchSize;
  }

  /** The set's name. */
  String name() {
    return name;
  }

  /** Runs the model in inference mode (batch norm uses running statistics). */
  Result run(OcrModel model) {
    CtcLoss ctc = new CtcLoss(0);
    double lossSum = 0;
    int correct = 0;
    int count = 0;
    try (BatchLoader loader = BatchLoader.sequential(data, model.alphabet(), batchSize, 2)) {
      long batches = loader.batches();
      for (long b = 0; b < batches; b++) {
        Batch batch = loader.next();
        if (batch.size() == 0) {
          continue;
        }
        try (NDManager scope = model.manager().newSubManager()) {
          NDArray x = scope.create(batch.images(), GrcnnNetwork.inputShape(batch.size()));
          NDArray out =
              model
                  .network()
                  .forward(new ParameterStore(scope, false), new NDList(x), false)
                  .head();
          lossSum += ctc.negativeLogLikelihood(out, batch.labels()).sum().getFloat();
          float[] flat = out.toFloatArray();
          int classes = model.alphabet().size();
          int steps = (int) out.getShape().get(1);
          for (int i = 0; i < batch.size(); i++) {
            float[][] lp = new float[steps][classes];
            for (int t = 0; t < steps; t++) {
              System.arraycopy(flat, (i * steps + t) * classes, lp[t], 0, classes);
            }
            if (CtcGreedyDecoder.decode(lp, model.alphabet()).equals(batch.texts()[i])) {
              correct++;
            }
          }
          count += batch.size();
        }
      }
    }
    return new Result(
        count, count == 0 ? 0 : lossSum / count, count == 0 ? 0 : (double) correct / count);
  }
}
