package dev.grcnn.ocr.training.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The accuracy columns of an {@link EvaluationReport} that every scoring of a test set has, in the
 * order the reports print them: the model's and the reference recognizer's must read alike.
 */
final class AccuracyColumns {

  private AccuracyColumns() {}

  /**
   * "none" (lexicon-free) from {@code correct[0]}, and with per-image lexicons "lexicon50" and
   * "full" from {@code correct[1]} and {@code correct[2]}, each a share of {@code n}.
   */
  static Map<String, Double> of(int[] correct, int n, boolean perImage) {
    Map<String, Double> accuracy = new LinkedHashMap<>();
    accuracy.put("none", ratio(correct[0], n));
    if (perImage) {
      accuracy.put("lexicon50", ratio(correct[1], n));
      accuracy.put("full", ratio(correct[2], n));
    }
    return accuracy;
  }

  /** {@code k} of {@code n}, 0 for an empty set. */
  static double ratio(int k, int n) {
    return n == 0 ? 0 : (double) k / n;
  }
}
