package dev.grcnn.ocr.training.train;

import dev.grcnn.ocr.model.GrcnnConfig;
import java.nio.file.Path;

/**
 * The knobs of a training run, named as in the seed's training script where it has them.
 *
 * @param config the network to train (ignored when resuming: the snapshot's config wins)
 * @param outDir run directory: snapshots, best model, learning curve
 * @param batchSize samples per step
 * @param maxIterations steps to reach, counting those of a resumed run
 * @param displayInterval steps between loss lines
 * @param validationInterval steps between validations
 * @param snapshotInterval steps between snapshots
 * @param validationLimit most validation samples used
 * @param optimizer "adadelta" or "adam"
 * @param learningRate the optimiser's learning rate
 * @param clipGradient element-wise gradient clip, 0 for none
 * @param seed shuffle seed
 * @param loaderThreads decoding threads
 * @param keepSnapshots snapshots kept on disk
 * @param progressBar whether to draw a progress bar on stderr
 */
public record TrainingOptions(
    GrcnnConfig config,
    Path outDir,
    int batchSize,
    long maxIterations,
    int displayInterval,
    int validationInterval,
    int snapshotInterval,
    int validationLimit,
    String optimizer,
    float learningRate,
    float clipGradient,
    long seed,
    int loaderThreads,
    int keepSnapshots,
    boolean progressBar) {

  /** Checks the values. */
  public TrainingOptions {
    if (batchSize < 1 || maxIterations < 1 || displayInterval < 1 || validationInterval < 1) {
      throw new IllegalArgumentException("batch size and intervals must be positive");
    }
    if (snapshotInterval < 1 || validationLimit < 1 || loaderThreads < 1 || keepSnapshots < 1) {
      throw new IllegalArgumentException("snapshot interval, limits and threads must be positive");
    }
    if (!optimizer.equals("adadelta") && !optimizer.equals("adam")) {
      throw new IllegalArgumentException("optimizer must be adadelta or adam, not " + optimizer);
    }
    if (!(learningRate > 0) || clipGradient < 0) {
      throw new IllegalArgumentException("learning rate must be > 0 and the clip >= 0");
    }
  }
}
