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
    if (minSteps(labels) > steps) {
      // No alignment fits: answered without the T x (2L+1) table a hostile word would cost.
      return Double.NEGATIVE_INFINITY;
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
      // Only states reachable by step t (at most two further a step) that can still reach one of
      // the last two states by the end hold a probability; the others stay at zero.
      int from = Math.max(0, states - 2 - 2 * (steps - 1 - t));
      int to = Math.min(states - 1, 2 * t + 1);
      java.util.Arrays.fill(next, Double.NEGATIVE_INFINITY);
      for (int s = from; s <= to; s++) {
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

  /** Below this a scaled probability may have lost precision: the scaled scorer gives up. */
  private static final double TINY = 1e-290;

  /** The per-step probabilities, {@code exp(logProbs)}, for {@link #scaledLogProbability}. */
  public static double[][] probabilities(float[][] logProbs) {
    double[][] p = new double[logProbs.length][];
    for (int t = 0; t < logProbs.length; t++) {
      p[t] = new double[logProbs[t].length];
      for (int c = 0; c < logProbs[t].length; c++) {
        p[t][c] = Math.exp(logProbs[t][c]);
      }
    }
    return p;
  }

  /**
   * As {@link #logProbability}, computed on probabilities rescaled at every step instead of in log
   * space: the same value up to rounding at a fraction of the cost (no logarithm or exponential per
   * state), which bounds the work of scoring a large lexicon. Where a scaled value would come near
   * the smallest double (a path some 600 nats below the best) it falls back to the log-space
   * algorithm, so no word is lost to underflow.
   *
   * @param logProbs [T][classes] log-probabilities
   * @param probs {@link #probabilities} of {@code logProbs}
   * @param labels the class indices of the word (no blanks)
   * @param blank the blank's class index
   */
  public static double scaledLogProbability(
      float[][] logProbs, double[][] probs, int[] labels, int blank) {
    int steps = logProbs.length;
    int states = 2 * labels.length + 1;
    if (steps == 0 || labels.length == 0 || minSteps(labels) > steps) {
      return logProbability(logProbs, labels, blank);
    }
    double[] alpha = new double[states];
    double[] next = new double[states];
    alpha[0] = probs[0][blank];
    alpha[1] = probs[0][labels[0]];
    double scale = alpha[0] + alpha[1];
    if (!(scale > TINY)) {
      return logProbability(logProbs, labels, blank);
    }
    alpha[0] /= scale;
    alpha[1] /= scale;
    if ((alpha[0] > 0 && alpha[0] < TINY) || (alpha[1] > 0 && alpha[1] < TINY)) {
      return logProbability(logProbs, labels, blank);
    }
    double logScale = Math.log(scale);
    for (int t = 1; t < steps; t++) {
      double[] p = probs[t];
      float[] lp = logProbs[t];
      int from = Math.max(0, states - 2 - 2 * (steps - 1 - t));
      int to = Math.min(states - 1, 2 * t + 1);
      java.util.Arrays.fill(next, 0.0);
      double sumAll = 0;
      for (int s = from; s <= to; s++) {
        double sum = alpha[s];
        if (s >= 1) {
          sum += alpha[s - 1];
        }
        boolean isLabel = (s & 1) == 1;
        if (isLabel && s >= 3 && labels[(s - 1) / 2] != labels[(s - 3) / 2]) {
          sum += alpha[s - 2];
        }
        int c = isLabel ? labels[(s - 1) / 2] : blank;
        double v = sum * p[c];
        if (sum > 0 && v < TINY && lp[c] != Float.NEGATIVE_INFINITY) {
          return logProbability(logProbs, labels, blank);
        }
        next[s] = v;
        sumAll += v;
      }
      if (!(sumAll > TINY)) {
        return logProbability(logProbs, labels, blank);
      }
      for (int s = from; s <= to; s++) {
        next[s] /= sumAll;
      }
      logScale += Math.log(sumAll);
      double[] swap = alpha;
      alpha = next;
      next = swap;
    }
    double end = alpha[states - 1] + alpha[states - 2];
    return end > 0 ? logScale + Math.log(end) : Double.NEGATIVE_INFINITY;
  }

  /**
   * The fewest steps an alignment of the labels takes: one per label, and a blank between two equal
   * neighbours.
   */
  public static int minSteps(int[] labels) {
    int n = labels.length;
    for (int i = 1; i < labels.length; i++) {
      if (labels[i] == labels[i - 1]) {
        n++;
      }
    }
    return n;
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
