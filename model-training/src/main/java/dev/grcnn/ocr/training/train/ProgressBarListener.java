package dev.grcnn.ocr.training.train;

import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr with a smoothed loss, for runs in a terminal. */
final class ProgressBarListener implements TrainingListener, AutoCloseable {

  private final ProgressBar bar;
  private double smoothLoss = Double.NaN;

  ProgressBarListener(long start, long max) {
    this.bar =
        new ProgressBarBuilder()
            .setTaskName("train")
            .setInitialMax(max)
            .startsFrom(start, Duration.ZERO)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(1000)
            .showSpeed()
            .setUnit(" it", 1)
            .continuousUpdate()
            .build();
  }

  @Override
  public void onStep(RunState run, StepOutcome step) {
    if (step.updated()) {
      smoothLoss = Double.isNaN(smoothLoss) ? step.loss() : 0.98 * smoothLoss + 0.02 * step.loss();
    }
    bar.stepTo(run.iteration());
    bar.setExtraMessage(String.format(Locale.ROOT, " loss %.3f", smoothLoss));
  }

  @Override
  public void close() {
    bar.close();
  }
}
