package dev.grcnn.ocr.training.train;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Every display interval: a loss line (mean loss, images/s, learning rate, skips) on the log and a
 * training point on the learning curve.
 */
final class LossLog implements TrainingListener {

  private final int interval;
  private final PrintStream log;
  private final LearningCurve curve;
  private double lossSum;
  private int lossCount;
  private long nonFinite;
  private long samples;
  private long start = System.nanoTime();
  private double lastLoss = Double.NaN;

  LossLog(int interval, PrintStream log, LearningCurve curve) {
    this.interval = interval;
    this.log = log;
    this.curve = curve;
  }

  @Override
  public void onStep(RunState run, StepOutcome step) throws IOException {
    if (step.updated()) {
      lossSum += step.loss();
      lossCount++;
    } else if (step.samples() > 0) {
      nonFinite++;
    }
    samples += step.samples();
    if (run.iteration() % interval != 0) {
      return;
    }
    double rate = samples / ((System.nanoTime() - start) / 1e9);
    lastLoss = lossCount == 0 ? Double.NaN : lossSum / lossCount;
    float learningRate = run.optimizer().learningRate();
    log.printf(
        Locale.ROOT,
        "iter %d loss %.4f %.1f img/s lr %.3g skipped %d%s%n",
        run.iteration(),
        lastLoss,
        rate,
        learningRate,
        run.skipped().total(),
        nonFinite > 0 ? " non-finite " + nonFinite : "");
    curve.trainPoint(
        run.iteration(),
        run.samplesSeen(),
        run.seconds(),
        run.cpuSeconds(),
        lastLoss,
        rate,
        learningRate);
    lossSum = 0;
    lossCount = 0;
    samples = 0;
    start = System.nanoTime();
  }

  /** Mean loss of the last display interval (NaN before the first). */
  double lastLoss() {
    return lastLoss;
  }
}
