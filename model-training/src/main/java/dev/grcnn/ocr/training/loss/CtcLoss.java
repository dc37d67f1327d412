package dev.grcnn.ocr.training.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Connectionist temporal classification loss (Graves et al. 2006) written with NDArray operations,
 * since DJL 0.25 has none: the forward algorithm in log space over the blank-interleaved labels,
 * batched, with one loop over time. Autograd differentiates it like any other network output.
 *
 * <p>Impossible transitions carry a large negative constant instead of negative infinity, so that
 * log-sum-exp never computes inf - inf and gradients stay finite.
 */
public final class CtcLoss {

  /** Stands for log(0). */
  static final float NEG = -1e30f;

  private final int blank;

  /** A loss whose blank is class {@code blank}. */
  public CtcLoss(int blank) {
    this.blank = blank;
  }

  /**
   * Steps a label needs: one per character plus a blank between each pair of equal neighbours.
   * Labels needing more than the network's steps cannot be learnt and must be skipped.
   */
  public static int requiredSteps(int[] labels) {
    int steps = labels.length;
    for (int i = 1; i < labels.length; i++) {
      if (labels[i] == labels[i - 1]) {
        steps++;
      }
    }
    return steps;
  }

  /**
   * The per-sample negative log-likelihood.
   *
   * @param logProbs (N, T, C) log-probabilities (log-softmax over C)
   * @param labels N label sequences of class indices without blanks; each must fit in T steps
   * @return (N) of -log P(labels | input)
   */
  public NDArray negativeLogLikelihood(NDArray logProbs, int[][] labels) {
    Shape shape = logProbs.getShape();
    int n = (int) shape.get(0);
    int steps = (int) shape.get(1);
    if (labels.length != n) {
      throw new IllegalArgumentException(labels.length + " labels for a batch of " + n);
    }
    int maxLen = 0;
    for (int[] l : labels) {
      if (requiredSteps(l) > steps) {
        throw new IllegalArgumentException("a label of " + l.length + " needs more than " + steps);
      }
      maxLen = Math.max(maxLen, l.length);
    }
    int states = 2 * maxLen + 1;
    long[] extended = new long[n * steps * states];
    float[] skip = new float[n * states];
    float[] init = new float[n * states];
    long[] end = new long[n * 2];
    float[] endMask = new float[n * 2];
    for (int i = 0; i < n; i++) {
      int[] l = labels[i];
      for (int s = 0; s < states; s++) {
        int label = (s & 1) == 1 && (s - 1) / 2 < l.length ? l[(s - 1) / 2] : blank;
        for (int t = 0; t < steps; t++) {
          extended[(i * steps + t) * states + s] = label;
        }
        boolean canSkip =
            (s & 1) == 1 && s >= 3 && (s - 1) / 2 < l.length && l[(s - 1) / 2] != l[(s - 3) / 2];
        skip[i * states + s] = canSkip ? 0f : NEG;
        init[i * states + s] = s <= 1 ? 0f : NEG;
      }
      end[2 * i] = 2L * l.length;
      end[2 * i + 1] = Math.max(0, 2L * l.length - 1);
      endMask[2 * i + 1] = l.length == 0 ? NEG : 0f;
    }
    NDManager manager = logProbs.getManager();
    DataType type = logProbs.getDataType();
    NDArray emissions =
        logProbs.gather(manager.create(extended, new Shape(n, steps, states)), 2); // (N, T, S)
    NDArray skipMask = manager.create(skip, new Shape(n, states)).toType(type, false);
    NDArray alpha =
        emissions
            .get(new NDIndex(":, 0, :"))
            .add(manager.create(init, new Shape(n, states)).toType(type, false));
    NDArray pad1 = manager.full(new Shape(n, 1), NEG, type);
    NDArray pad2 = manager.full(new Shape(n, 2), NEG, type);
    for (int t = 1; t < steps; t++) {
      NDArray shift1 = NDArrays.concat(new NDList(pad1, slice(alpha, states - 1)), 1);
      NDArray shift2 =
          states > 2
              ? NDArrays.concat(new NDList(pad2, slice(alpha, states - 2)), 1).add(skipMask)
              : manager.full(new Shape(n, states), NEG, type);
      alpha = logSumExp(alpha, shift1, shift2).add(emissions.get(new NDIndex(":, {}, :", t)));
    }
    NDArray last =
        alpha
            .gather(manager.create(end, new Shape(n, 2)), 1)
            .add(manager.create(endMask, new Shape(n, 2)).toType(type, false));
    NDArray max = last.max(new int[] {1}, true).stopGradient();
    NDArray logLikelihood = last.sub(max).exp().sum(new int[] {1}, true).log().add(max);
    return logLikelihood.reshape(n).neg();
  }

  /** Mean over the batch of the negative log-likelihood: the training objective. */
  public NDArray meanLoss(NDArray logProbs, int[][] labels) {
    return negativeLogLikelihood(logProbs, labels).mean();
  }

  private static NDArray slice(NDArray alpha, int width) {
    return alpha.get(new NDIndex(":, 0:{}", width));
  }

  /** Element-wise log(exp(a) + exp(b) + exp(c)), shifted by the (detached) maximum. */
  private static NDArray logSumExp(NDArray a, NDArray b, NDArray c) {
    NDArray max = NDArrays.maximum(NDArrays.maximum(a, b), c).stopGradient();
    return a.sub(max).exp().add(b.sub(max).exp()).add(c.sub(max).exp()).log().add(max);
  }
}
