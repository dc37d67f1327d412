package dev.grcnn.ocr.training.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.grcnn.ocr.model.decode.CtcScorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CtcLossTest {

  private final CtcLoss loss = new CtcLoss(0);

  private static double[] randomLogits(Random random, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = random.nextGaussian() * 2;
    }
    return out;
  }

  /** Sums, over every path that collapses to the labels, the product of its probabilities. */
  private static double bruteForceNll(double[][] logProbs, int[] labels) {
    int steps = logProbs.length;
    int classes = logProbs[0].length;
    double total = 0;
    int[] path = new int[steps];
    for (long k = 0; k < (long) Math.pow(classes, steps); k++) {
      long rest = k;
      double logP = 0;
      for (int t = 0; t < steps; t++) {
        path[t] = (int) (rest % classes);
        rest /= classes;
        logP += logProbs[t][path[t]];
      }
      List<Integer> collapsed = new ArrayList<>();
      int prev = 0;
      for (int c : path) {
        if (c != 0 && c != prev) {
          collapsed.add(c);
        }
        prev = c;
      }
      if (Arrays.equals(collapsed.stream().mapToInt(Integer::intValue).toArray(), labels)) {
        total += Math.exp(logP);
      }
    }
    return -Math.log(total);
  }

  @Test
  void batchedLossEqualsBruteForceEnumerationPerSample() {
    int[][] labels = {{1}, {1, 2}, {2, 2}, {}, {3, 1, 3}, {1, 1, 1}};
    int steps = 6;
    int classes = 4;
    Random random = new Random(9);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray logits =
          manager.create(
              randomLogits(random, labels.length * steps * classes),
              new Shape(labels.length, steps, classes));
      NDArray logProbs = logits.logSoftmax(2);
      double[] nll = loss.negativeLogLikelihood(logProbs, labels).toDoubleArray();
      double[] flat = logProbs.toDoubleArray();
      for (int i = 0; i < labels.length; i++) {
        double[][] lp = new double[steps][classes];
        for (int t = 0; t < steps; t++) {
          for (int c = 0; c < classes; c++) {
            lp[t][c] = flat[(i * steps + t) * classes + c];
          }
        }
        assertEquals(bruteForceNll(lp, labels[i]), nll[i], 1e-9, Arrays.toString(labels[i]));
      }
    }
  }

  @Test
  void agreesWithTheInferenceScorerOnNetworkSizedInputsInFloat32() {
    Random random = new Random(4);
    int[][] labels = {{12, 5, 22, 22, 15}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}, {7}};
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray logProbs =
          manager
              .create(randomLogits(random, 3 * 26 * 37), new Shape(3, 26, 37))
              .toType(DataType.FLOAT32, false)
              .logSoftmax(2);
      float[] nll = loss.negativeLogLikelihood(logProbs, labels).toFloatArray();
      float[] flat = logProbs.toFloatArray();
      for (int i = 0; i < labels.length; i++) {
        float[][] lp = new float[26][37];
        for (int t = 0; t < 26; t++) {
          System.arraycopy(flat, (i * 26 + t) * 37, lp[t], 0, 37);
        }
        double expected = -CtcScorer.logProbability(lp, labels[i], 0);
        assertEquals(expected, nll[i], 1e-3 * Math.abs(expected));
      }
    }
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    int[][] labels = {{1, 2}, {2, 2, 1}};
    int steps = 7;
    int classes = 3;
    Random random = new Random(2);
    double[] base = randomLogits(random, labels.length * steps * classes);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray logits = manager.create(base, new Shape(labels.length, steps, classes));
      logits.setRequiresGradient(true);
      double[] analytic;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray total = loss.negativeLogLikelihood(logits.logSoftmax(2), labels).sum();
        collector.backward(total);
      }
      analytic = logits.getGradient().toDoubleArray();
      double h = 1e-6;
      for (int k = 0; k < base.length; k++) {
        double[] plus = base.clone();
        double[] minus = base.clone();
        plus[k] += h;
        minus[k] -= h;
        double numeric =
            (total(manager, plus, labels, steps, classes)
                    - total(manager, minus, labels, steps, classes))
                / (2 * h);
        assertEquals(numeric, analytic[k], 1e-5, "d loss / d logit " + k);
      }
    }
  }

  private double total(NDManager manager, double[] logits, int[][] labels, int steps, int classes) {
    NDArray x = manager.create(logits, new Shape(labels.length, steps, classes));
    return loss.negativeLogLikelihood(x.logSoftmax(2), labels).sum().getDouble();
  }

  @Test
  void longLabelsAndConfidentOutputsStayFinite() {
    int[][] labels = {
      {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}, {5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5}
    };
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      // Very confident logits on the wrong class: probabilities underflow float32.
      float[] logits = new float[2 * 26 * 37];
      for (int i = 0; i < logits.length; i += 37) {
        logits[i + 36] = 200f;
      }
      NDArray x = manager.create(logits, new Shape(2, 26, 37));
      x.setRequiresGradient(true);
      NDArray nll;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        nll = loss.negativeLogLikelihood(x.logSoftmax(2), labels);
        collector.backward(nll.sum());
      }
      for (float v : nll.toFloatArray()) {
        assertFalse(Float.isNaN(v) || Float.isInfinite(v), "loss " + v);
      }
      for (float g : x.getGradient().toFloatArray()) {
        assertFalse(Float.isNaN(g) || Float.isInfinite(g), "gradient " + g);
      }
    }
  }

  @Test
  void labelsThatCannotFitAreRefusedAndCountedByRequiredSteps() {
    assertEquals(6, CtcLoss.requiredSteps(new int[] {1, 1, 2, 2}));
    assertEquals(4, CtcLoss.requiredSteps(new int[] {1, 2, 3, 4}));
    assertEquals(8, CtcLoss.requiredSteps(new int[] {1, 1, 1, 2, 2}));
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = manager.zeros(new Shape(1, 3, 4)).logSoftmax(2);
      assertThrows(
          IllegalArgumentException.class,
          () -> loss.negativeLogLikelihood(x, new int[][] {{1, 1, 2}}));
    }
  }
}
