package dev.grcnn.ocr.training.train;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Every snapshot interval and after the last step: model, optimiser state and counters into a new
 * snapshot, keeping the newest few.
 */
final class SnapshotListener implements TrainingListener {

  private final Snapshots snapshots;
  private final int interval;
  private final long lastIteration;
  private final int keep;

  SnapshotListener(Snapshots snapshots, int interval, long lastIteration, int keep) {
    this.snapshots = snapshots;
    this.interval = interval;
    this.lastIteration = lastIteration;
    this.keep = keep;
  }

  @Override
  public void onStep(RunState run, StepOutcome step) throws IOException {
    if (run.iteration() % interval == 0 || run.iteration() == lastIteration) {
      Path dir = snapshots.directory(run.iteration());
      run.model().setInfo(run.model().info().withIterations(run.iteration()));
      run.model().save(dir);
      run.optimizer().save(dir.resolve(Snapshots.OPTIMIZER_FILE));
      Snapshots.writeState(dir, run.saved());
      snapshots.prune(keep);
    }
  }
}
