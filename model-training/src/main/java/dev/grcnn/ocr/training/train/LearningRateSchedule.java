package dev.grcnn.ocr.training.train;

import ai.djl.training.tracker.Tracker;

/**
 * The learning rate over a whole run, fixed when the run starts so that it anneals across resumed
 * sessions: a linear warm-up to {@code peak}, then a cosine decay to {@code peak * finalFraction}
 * at {@code totalSteps}, and that value after. A {@code totalSteps} of 0 keeps {@code peak}
 * throughout.
 *
 * @param peak the largest rate
 * @param warmupSteps steps of the linear rise from {@code peak / 100}
 * @param totalSteps steps to the end of the decay, warm-up included; 0 for a constant rate
 * @param finalFraction the last rate as a fraction of the peak
 */
public record LearningRateSchedule(
    float peak, long warmupSteps, long totalSteps, float finalFraction) {

  /** Checks the values. */
  public LearningRateSchedule {
    if (!(peak > 0) || warmupSteps < 0 || totalSteps < 0 || !(finalFraction >= 0)) {
      throw new IllegalArgumentException("a schedule needs a positive peak and no negative steps");
    }
    if (totalSteps > 0 && warmupSteps >= totalSteps) {
      throw new IllegalArgumentException(
          "the warm-up ("
              + warmupSteps
              + ") must be shorter than the schedule ("
              + totalSteps
              + ")");
    }
    if (totalSteps > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a schedule of at most " + Integer.MAX_VALUE + " steps");
    }
  }

  /** The same rate at every step. */
  public static LearningRateSchedule constant(float rate) {
    return new LearningRateSchedule(rate, 0, 0, 1);
  }

  /** The rate as the optimisers read it, by finished optimisation steps. */
  public Tracker tracker() {
    if (totalSteps == 0) {
      return Tracker.fixed(peak);
    }
    Tracker decay =
        Tracker.cosine()
            .setBaseValue(peak)
            .optFinalValue(peak * finalFraction)
            .setMaxUpdates((int) (totalSteps - warmupSteps))
            .build();
    if (warmupSteps == 0) {
      return decay;
    }
    return Tracker.warmUp()
        .optWarmUpBeginValue(peak / 100)
        .optWarmUpSteps((int) warmupSteps)
        .setMainTracker(decay)
        .build();
  }
}
