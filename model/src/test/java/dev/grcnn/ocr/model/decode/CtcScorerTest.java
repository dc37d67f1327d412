package dev.grcnn.ocr.model.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CtcScorerTest {

  /** log-softmax of random logits, [steps][classes]. */
  static float[][] randomLogProbs(Random random, int steps, int classes) {
    float[][] out = new float[steps][classes];
    for (int t = 0; t < steps; t++) {
      double[] logits = new double[classes];
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        logits[c] = random.nextGaussian() * 2;
        max = Math.max(max, logits[c]);
      }
      double sum = 0;
      for (double l : logits) {
        sum += Math.exp(l - max);
      }
      for (int c = 0; c < classes; c++) {
        out[t][c] = (float) (logits[c] - max - Math.log(sum));
      }
    }
    return out;
  }

  /** Sums the probability of every path of length T that collapses to the labels. */
  static double bruteForce(float[][] logProbs, int[] labels) {
    int steps = logProbs.length;
    int classes = logProbs[0].length;
    int[] path = new int[steps];
    double total = 0;
    long count = (long) Math.pow(classes, steps);
    for (long k = 0; k < count; k++) {
      long rest = k;
      double logP = 0;
      for (int t = 0; t < steps; t++) {
        path[t] = (int) (rest % classes);
        rest /= classes;
        logP += logProbs[t][path[t]];
      }
      if (Arrays.equals(collapse(path), labels)) {
        total += Math.exp(logP);
      }
    }
    return Math.log(total);
  }

  static int[] collapse(int[] path) {
    List<Integer> out = new ArrayList<>();
    int prev = 0;
    for (int c : path) {
      if (c != 0 && c != prev) {
        out.add(c);
      }
      prev = c;
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void forwardAlgorithmEqualsTheSumOverAllAlignments() {
    Random random = new Random(7);
    int[][] labelSets = {{1}, {1, 2}, {2, 2}, {1, 2, 1}, {3, 3, 3}, {}, {2, 1, 3}};
    for (int[] labels : labelSets) {
      for (int steps = 1; steps <= 6; steps++) {
        float[][] lp = randomLogProbs(random, steps, 4);
        double expected = bruteForce(lp, labels);
        double actual = CtcScorer.logProbability(lp, labels, 0);
        if (Double.isInfinite(expected)) {
          assertEquals(Double.NEGATIVE_INFINITY, actual, Arrays.toString(labels) + " T=" + steps);
        } else {
          assertEquals(expected, actual, 1e-4, Arrays.toString(labels) + " T=" + steps);
        }
      }
    }
  }

  @Test
  void repeatedLabelsNeedABlankBetweenThemSoTooFewStepsIsImpossible() {
    float[][] lp = randomLogProbs(new Random(1), 2, 3);
    assertEquals(Double.NEGATIVE_INFINITY, CtcScorer.logProbability(lp, new int[] {1, 1}, 0));
  }

  @Test
  void longLabelsStayFinite() {
    float[][] lp = randomLogProbs(new Random(3), 26, 37);
    int[] labels = new int[13];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = 1 + i;
    }
    double s = CtcScorer.logProbability(lp, labels, 0);
    assertEquals(false, Double.isNaN(s) || Double.isInfinite(s));
  }
}
