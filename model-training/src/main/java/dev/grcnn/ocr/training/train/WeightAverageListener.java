package dev.grcnn.ocr.training.train;

/** After every step that updated the weights: moves the run's weight average towards them. */
final class WeightAverageListener implements TrainingListener {

  @Override
  public void onStep(RunState run, StepOutcome step) {
    // A step whose loss was not finite left the weights alone: the average stays too.
    if (step.updated()) {
      run.average().update();
    }
  }
}
