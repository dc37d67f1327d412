package dev.grcnn.ocr.training.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Every validation interval and after the last step (unless it was just scored): scores each
 * validation set, logs it, adds it to the learning curve, and saves the model to {@code best/} when
 * the first set's accuracy beats the run's best.
 */
final class ValidationListener implements TrainingListener {

  private final List<Validator> validators;
  private final int interval;
  private final Path bestDir;
  private final PrintStream log;
  private final LearningCurve curve;
  private Validator.Result last;
  private long lastIteration = -1;
  private boolean stepped;

  ValidationListener(
      List<Validator> validators,
      int interval,
      Path bestDir,
      PrintStream log,
      LearningCurve curve) {
    this.validators = validators;
    this.interval = interval;
    this.bestDir = bestDir;
    this.log = log;
    this.curve = curve;
  }

  @Override
  public void onStep(RunState run, StepOutcome step) throws IOException {
    stepped = true;
    if (run.iteration() % interval == 0) {
      validate(run);
    }
  }

  @Override
  public void onEnd(RunState run) throws IOException {
    if (stepped && run.iteration() != lastIteration) {
      validate(run);
    }
  }

  private void validate(RunState run) throws IOException {
    if (validators.isEmpty()) {
      return;
    }
    lastIteration = run.iteration();
    for (int v = 0; v < validators.size(); v++) {
      Validator validator = validators.get(v);
      Validator.Result result = validator.run(run.model());
      log.printf(
          Locale.ROOT,
          "iter %d validation %s: %d samples, loss %.4f, accuracy %.2f%%%n",
          run.iteration(),
          validator.name(),
          result.samples(),
          result.loss(),
          100 * result.accuracy());
      curve.validationPoint(
          run.iteration(),
          run.samplesSeen(),
          run.seconds(),
          run.cpuSeconds(),
          validator.name(),
          result.loss(),
          result.accuracy());
      if (v == 0) {
        last = result;
        if (result.accuracy() > run.bestAccuracy()) {
          run.setBestAccuracy(result.accuracy());
          run.model().setInfo(run.model().info().withIterations(run.iteration()));
          run.model().save(bestDir);
        }
      }
    }
  }

  /** The selecting set's last result, or null before the first validation. */
  Validator.Result last() {
    return last;
  }
}
