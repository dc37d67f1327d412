package dev.grcnn.ocr.model.decode;

/**
 * The CTC log-probability of a label sequence under a network's per-step log-probabilities: the log
 * of the sum over every alignment that collapses to the labels (forward algorithm in log space,
 * Graves et al. 2006). This is what CRNN's lexicon decoding maximises.
 */
public final class CtcScorer {

  private CtcScorer() {}

  /**
   * Scores a label sequence.
   *
   * @param logProbs [T][classes] log-probabilities, class {@code blank} the blank
   * @param labels the class indices of the word (no blanks)
   * @param blank the blank's class index
   * @return log P(labels | input), negative infinity when no alignment fits in T steps
   */
  public static double logProbability(float[][] logProbs, int[] labels, int blank) {
    int steps = logProbs.length;
    int states = 2 * labels.length + 1;
    if (steps == 0) {
      return labels.length == 0 ? 0.0 : Double.NEGATIVE_INFINITY;
    }
    // State s is blank for even s and labels[(s - 1) / 2] for odd s.
    double[] alpha = new double[states];
    double[] next = new double[states];
    java.util.Arrays.fill(alpha, Double.NEGATIVE_INFINITY);
    alpha[0] = logProbs[0][blank];
    if (states > 1) {
      alpha[1] = logProbs[0][labels[0]];
    }
    for (int t = 1; t < steps; t++) {
      float[] p = logProbs[t];
      for (int s = 0; s < states; s++) {
        double sum = alpha[s];
        if (s >= 1) {
          sum = logAdd(sum, alpha[s - 1]);
        }
        boolean isLabel = (s & 1) == 1;
        if (isLabel && s >= 3 && labels[(s - 1) / 2] != labels[(s - 3) / 2]) {
          sum = logAdd(sum, alpha[s - 2]);
        }
        next[s] = sum + p[isLabel ? labels[(s - 1) / 2] : blank];
      }
      double[] swap = alpha;
      alpha = next;
      next = swap;
    }
    double end = alpha[states - 1];
    return states > 1 ? logAdd(end, alpha[states - 2]) : end;
  }

  /** log(exp(a) + exp(b)) without overflow. */
  static double logAdd(double a, double b) {
    if (a == Double.NEGATIVE_INFINITY) {
      return b;
    }
    if (b == Double.NEGATIVE_INFINITY) {
      return a;
    }
    double max = Math.max(a, b);
    return max + Math.log1p(Math.exp(Math.min(a, b) - max));
  }
}
