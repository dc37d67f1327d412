package dev.grcnn.ocr.training.train;

import java.io.IOException;

/**
 * Acts on a run's progress after each step: logging, validation, snapshots. The pattern of DJL's
 * {@code ai.djl.training.listener.TrainingListener}, for this project's own training loop (CTC loss
 * and saveable optimisers that DJL's {@code Trainer} does not have).
 */
interface TrainingListener {

  /** After step {@code run.iteration()} (already counted). */
  default void onStep(RunState run, StepOutcome step) throws IOException {}

  /** After the last step. */
  default void onEnd(RunState run) throws IOException {}
}
