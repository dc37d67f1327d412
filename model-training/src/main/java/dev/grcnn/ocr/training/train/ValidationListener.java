package dev.grcnn.ocr.training.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Every validation interval and after the last step (unless it was just scored): scores each
 * validation set, logs it, adds it to the learning curve, and saves the model to {@code best/} when
 * the first set's accuracy beats the run's best. A run that keeps a weight average has it scored
 * the same way, as sets named {@code <set>-average}; it becomes the best model when it reads best.
 */
final class ValidationListener implements TrainingListener {

  /** Appended to a set's name for the scores of the weight average. */
  static final String AVERAGE_SUFFIX = "-average";

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
    last = score(run, "", Long.toString(run.iteration()));
    if (run.average() != null) {
      run.average()
          .withAveragedWeights(() -> score(run, AVERAGE_SUFFIX, run.iteration() + AVERAGE_SUFFIX));
    }
  }

  /**
   * Scores the network's current weights on every set, names the sets with {@code suffix}, and
   * saves the weights as the best model, under {@code version}, when the first set's accuracy beats
   * the run's best. Returns the first set's result.
   */
  private Validator.Result score(RunState run, String suffix, String version) throws IOException {
    Validator.Result first = null;
    for (int v = 0; v < validators.size(); v++) {
      Validator validator = validators.get(v);
      Validator.Result result = validator.run(run.model());
      String name = validator.name() + suffix;
      log.printf(
          Locale.ROOT,
          "iter %d validation %s: %d samples, loss %.4f, accuracy %.2f%%%n",
          run.iteration(),
          name,
          result.samples(),
          result.loss(),
          100 * result.accuracy());
      curve.validationPoint(
          run.iteration(),
          run.samplesSeen(),
          run.seconds(),
          run.cpuSeconds(),
          name,
          result.loss(),
          result.accuracy());
      if (v == 0) {
        first = result;
        if (result.accuracy() > run.bestAccuracy()) {
          run.setBestAccuracy(result.accuracy());
          run.model()
              .setInfo(run.model().info().withIterations(run.iteration()).withVersion(version));
          run.model().save(bestDir);
        }
      }
    }
    return first;
  }

  /** The selecting set's last result for the trained weights, or null before the first one. */
  Validator.Result last() {
    return last;
  }
}
