package dev.grcnn.ocr.model.decode;

/**
 * The most likely single alignment (Viterbi path) of a label sequence, and the probability of each
 * label along it. For the greedy text this path is the best path itself.
 */
public final class CtcAlignment {

  private CtcAlignment() {}

  /**
   * The probability of each label along the label sequence's most likely path: the largest per-step
   * probability of that label over the steps the path spends on it.
   *
   * @param logProbs [T][classes] log-probabilities
   * @param labels the class indices of the text (no blanks)
   * @param blank the blank's class index
   * @return one probability per label; zeros when no path of T steps reads the labels
   */
  public static double[] characterProbabilities(float[][] logProbs, int[] labels, int blank) {
    int steps = logProbs.length;
    int states = 2 * labels.length + 1;
    double[] result = new double[labels.length];
    if (labels.length == 0 || steps == 0) {
      return result;
    }
    // delta[t][s]: best log-probability of a path ending in state s at step t; from[t][s] its
    // predecessor. State s is blank for even s, labels[(s - 1) / 2] for odd s.
    double[][] delta = new double[steps][states];
    int[][] from = new int[steps][states];
    for (double[] row : delta) {
      java.util.Arrays.fill(row, Double.NEGATIVE_INFINITY);
    }
    delta[0][0] = logProbs[0][blank];
    delta[0][1] = logProbs[0][labels[0]];
    for (int t = 1; t < steps; t++) {
      for (int s = 0; s < states; s++) {
        int best = s;
        if (s >= 1 && delta[t - 1][s - 1] > delta[t - 1][best]) {
          best = s - 1;
        }
        boolean isLabel = (s & 1) == 1;
        if (isLabel
            && s >= 3
            && labels[(s - 1) / 2] != labels[(s - 3) / 2]
            && delta[t - 1][s - 2] > delta[t - 1][best]) {
          best = s - 2;
        }
        from[t][s] = best;
        delta[t][s] = delta[t - 1][best] + logProbs[t][isLabel ? labels[(s - 1) / 2] : blank];
      }
    }
    int s = delta[steps - 1][states - 1] >= delta[steps - 1][states - 2] ? states - 1 : states - 2;
    if (delta[steps - 1][s] == Double.NEGATIVE_INFINITY) {
      return result;
    }
    for (int t = steps - 1; t >= 0; t--) {
      if ((s & 1) == 1) {
        int i = (s - 1) / 2;
        result[i] = Math.max(result[i], Math.exp(logProbs[t][labels[i]]));
      }
      s = from[t][s];
    }
    return result;
  }
}
