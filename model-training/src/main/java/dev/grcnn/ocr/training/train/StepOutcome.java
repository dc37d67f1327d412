package dev.grcnn.ocr.training.train;

/**
 * One training step as listeners see it.
 *
 * @param samples samples in the batch (0 when all of its slice was skipped: no update)
 * @param loss the batch's mean CTC loss; NaN when there was no update or the loss was not finite
 * @param seconds wall time of the step, waiting for the batch included
 * @param cpuSeconds CPU time of the whole process during the step, all threads (loading, the
 *     engine's), the measure of cost when runs are compared at equal CPU-hours
 * @param skipped samples of the batch's slice left out
 */
record StepOutcome(int samples, float loss, double seconds, double cpuSeconds, SkipCounts skipped) {

  /** Whether the step updated the weights with a finite loss. */
  boolean updated() {
    return samples > 0 && Float.isFinite(loss);
  }
}
