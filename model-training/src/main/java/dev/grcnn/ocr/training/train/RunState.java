package dev.grcnn.ocr.training.train;

import dev.grcnn.ocr.model.OcrModel;
import dev.grcnn.ocr.training.optim.StatefulOptimizer;

/**
 * A training run in progress: the model and optimiser being trained and the counters a snapshot
 * saves. The trainer advances it; {@link TrainingListener}s read it and may update the best
 * accuracy.
 */
final class RunState {

  private final OcrModel model;
  private final StatefulOptimizer optimizer;
  private final WeightAverage average;
  private long iteration;
  private long samplesSeen;
  private double seconds;
  private double cpuSeconds;
  private double bestAccuracy;
  private SkipCounts skipped;

  /**
   * A run at the counters of a snapshot (or all zero, best -1, for a new run).
   *
   * @param average the moving average of the weights, or null when the run keeps none
   */
  RunState(
      OcrModel model, StatefulOptimizer optimizer, WeightAverage average, Snapshots.State saved) {
    this.model = model;
    this.optimizer = optimizer;
    this.average = average;
    this.iteration = saved.iteration();
    this.samplesSeen = saved.samplesSeen();
    this.seconds = saved.seconds();
    this.cpuSeconds = saved.cpuSeconds();
    this.bestAccuracy = saved.bestAccuracy();
    this.skipped = saved.skips();
  }

  /** Counts one finished step. */
  void advance(StepOutcome step) {
    iteration++;
    samplesSeen += step.samples();
    seconds += step.seconds();
    cpuSeconds += step.cpuSeconds();
    skipped = skipped.plus(step.skipped());
  }

  /** The counters as a snapshot stores them. */
  Snapshots.State saved() {
    return new Snapshots.State(
        iteration,
        samplesSeen,
        seconds,
        bestAccuracy,
        skipped.badImage(),
        skipped.emptyLabel(),
        skipped.tooLong(),
        cpuSeconds);
  }

  OcrModel model() {
    return model;
  }

  StatefulOptimizer optimizer() {
    return optimizer;
  }

  /** The moving average of the weights, or null when the run keeps none. */
  WeightAverage average() {
    return average;
  }

  /** Steps done. */
  long iteration() {
    return iteration;
  }

  /** Samples trained on. */
  long samplesSeen() {
    return samplesSeen;
  }

  /** Seconds spent in training steps (loading included, validation and saving not). */
  double seconds() {
    return seconds;
  }

  /** Process CPU seconds spent in training steps, all threads (validation and saving not). */
  double cpuSeconds() {
    return cpuSeconds;
  }

  /** Best accuracy on the selecting validation set, -1 before the first validation. */
  double bestAccuracy() {
    return bestAccuracy;
  }

  void setBestAccuracy(double bestAccuracy) {
    this.bestAccuracy = bestAccuracy;
  }

  /** Samples left out so far. */
  SkipCounts skipped() {
    return skipped;
  }
}
