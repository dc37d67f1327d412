package dev.grcnn.ocr.training.train;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Every snapshot interval, at the last iteration and when a run ends early (its CPU budget spent):
 * model, optimiser state, the weight average if the run keeps one, and counters into a new
 * snapshot, keeping the newest few.
 */
final class SnapshotListener implements TrainingListener {

  private final Snapshots snapshots;
  private final int interval;
  private final long lastIteration;
  private final int keep;
  private long savedIteration = -1;
  private boolean stepped;

  SnapshotListener(Snapshots snapshots, int interval, long lastIteration, int keep) {
    this.snapshots = snapshots;
    this.interval = interval;
    this.lastIteration = lastIteration;
    this.keep = keep;
  }

  @Override
  public void onStep(RunState run, StepOutcome step) throws IOException {
    stepped = true;
    if (run.iteration() % interval == 0 || run.iteration() == lastIteration) {
      save(run);
    }
  }

  @Override
  public void onEnd(RunState run) throws IOException {
    if (stepped && run.iteration() != savedIteration) {
      save(run);
    }
  }

  private void save(RunState run) throws IOException {
    Path dir = snapshots.directory(run.iteration());
    run.model().setInfo(run.model().info().withIterations(run.iteration()));
    run.model().save(dir);
    run.optimizer().save(dir.resolve(Snapshots.OPTIMIZER_FILE));
    if (run.average() != null) {
      run.average().save(dir.resolve(WeightAverage.FILE));
    }
    Snapshots.writeState(dir, run.saved());
    snapshots.prune(keep);
    savedIteration = run.iteration();
  }
}
