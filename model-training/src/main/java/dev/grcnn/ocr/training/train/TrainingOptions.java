package dev.grcnn.ocr.training.train;

import dev.grcnn.ocr.model.GrcnnConfig;
import java.nio.file.Path;

/**
 * The knobs of a training run, named as in the seed's training script where it has them. Built with
 * {@link #builder(GrcnnConfig, Path)}: the network and the run directory are required, the rest has
 * defaults.
 *
 * @param config the network to train (ignored when resuming or starting from a model)
 * @param outDir run directory: snapshots, best model, learning curve
 * @param batchSize samples per step
 * @param maxIterations steps to reach, counting those of a resumed run
 * @param maxCpuHours process CPU-hours of training steps after which the run ends early (counting a
 *     resumed run's), 0 for no such budget: runs compared at equal cost
 * @param displayInterval steps between loss lines
 * @param validationInterval steps between validations
 * @param snapshotInterval steps between snapshots
 * @param validationLimit most samples used of each validation set
 * @param optimizer "adadelta" or "adam"
 * @param schedule the learning rate over the run
 * @param clipGradient element-wise gradient clip, 0 for none
 * @param clipNorm largest L2 norm of all gradients together (scaled down above it), 0 for none
 * @param weightAverageDecay decay per step of an exponential moving average of the weights that is
 *     validated (and can be the best model) beside the trained weights, 0 for none
 * @param seed seeds the crop transform's randoms
 * @param loaderThreads decoding threads
 * @param keepSnapshots snapshots kept on disk
 * @param progressBar whether to draw a progress bar on stderr
 * @param initFrom a model directory whose parameters a new run starts from, or null
 * @param transform applied to every training crop (augmentation)
 */
public record TrainingOptions(
    GrcnnConfig config,
    Path outDir,
    int batchSize,
    long maxIterations,
    double maxCpuHours,
    int displayInterval,
    int validationInterval,
    int snapshotInterval,
    int validationLimit,
    String optimizer,
    LearningRateSchedule schedule,
    float clipGradient,
    float clipNorm,
    float weightAverageDecay,
    long seed,
    int loaderThreads,
    int keepSnapshots,
    boolean progressBar,
    Path initFrom,
    CropTransform transform) {

  /** Checks the values. */
  public TrainingOptions {
    if (batchSize < 1 || maxIterations < 1 || displayInterval < 1 || validationInterval < 1) {
      throw new IllegalArgumentException("batch size and intervals must be positive");
    }
    if (!(maxCpuHours >= 0)) {
      throw new IllegalArgumentException("the CPU-hour budget must be >= 0");
    }
    if (snapshotInterval < 1 || validationLimit < 1 || loaderThreads < 1 || keepSnapshots < 1) {
      throw new IllegalArgumentException("snapshot interval, limits and threads must be positive");
    }
    if (!optimizer.equals("adadelta") && !optimizer.equals("adam")) {
      throw new IllegalArgumentException("optimizer must be adadelta or adam, not " + optimizer);
    }
    if (clipGradient < 0 || clipNorm < 0) {
      throw new IllegalArgumentException("gradient clips must be >= 0");
    }
    if (!(weightAverageDecay == 0 || (weightAverageDecay > 0 && weightAverageDecay < 1))) {
      throw new IllegalArgumentException(
          "the weight average's decay must be 0 (none) or lie in (0, 1), not "
              + weightAverageDecay);
    }
  }

  /** A builder for a network and run directory. */
  public static Builder builder(GrcnnConfig config, Path outDir) {
    return new Builder(config, outDir);
  }

  /** Builds {@link TrainingOptions}; {@code opt*} setters override the defaults. */
  public static final class Builder {
    private final GrcnnConfig config;
    private final Path outDir;
    private int batchSize = 64;
    private long maxIterations = 300_000;
    private double maxCpuHours;
    private int displayInterval = 100;
    private int validationInterval = 2_000;
    private int snapshotInterval = 1_000;
    private int validationLimit = 2_000;
    private String optimizer = "adadelta";
    private LearningRateSchedule schedule;
    private float clipGradient;
    private float clipNorm;
    private float weightAverageDecay;
    private long seed = 1;
    private int loaderThreads = 1;
    private int keepSnapshots = 3;
    private boolean progressBar;
    private Path initFrom;
    private CropTransform transform = CropTransform.NONE;

    private Builder(GrcnnConfig config, Path outDir) {
      this.config = config;
      this.outDir = outDir;
    }

    /** Samples per step (default 64). */
    public Builder optBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Steps to reach, a resumed run's included (default 300,000). */
    public Builder optMaxIterations(long maxIterations) {
      this.maxIterations = maxIterations;
      return this;
    }

    /** CPU-hours of training steps after which the run ends (default 0: no budget). */
    public Builder optMaxCpuHours(double maxCpuHours) {
      this.maxCpuHours = maxCpuHours;
      return this;
    }

    /** Steps between loss lines (default 100). */
    public Builder optDisplayInterval(int displayInterval) {
      this.displayInterval = displayInterval;
      return this;
    }

    /** Steps between validations (default 2,000). */
    public Builder optValidationInterval(int validationInterval) {
      this.validationInterval = validationInterval;
      return this;
    }

    /** Steps between snapshots (default 1,000). */
    public Builder optSnapshotInterval(int snapshotInterval) {
      this.snapshotInterval = snapshotInterval;
      return this;
    }

    /** Most samples used of each validation set (default 2,000). */
    public Builder optValidationLimit(int validationLimit) {
      this.validationLimit = validationLimit;
      return this;
    }

    /** "adadelta" (default) or "adam". */
    public Builder optOptimizer(String optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    /** The learning rate over the run (default: constant, 1 for Adadelta, 1e-3 for Adam). */
    public Builder optSchedule(LearningRateSchedule schedule) {
      this.schedule = schedule;
      return this;
    }

    /** Element-wise gradient clip (default 0, none). */
    public Builder optClipGradient(float clipGradient) {
      this.clipGradient = clipGradient;
      return this;
    }

    /** Largest global gradient norm (default 0, none). */
    public Builder optClipNorm(float clipNorm) {
      this.clipNorm = clipNorm;
      return this;
    }

    /** Seed of the crop transform's randoms (default 1). */
    /** Validates an exponential moving average of the weights too (default 0: none). */
    public Builder optWeightAverageDecay(float weightAverageDecay) {
      this.weightAverageDecay = weightAverageDecay;
      return this;
    }

    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Decoding threads (default 1). */
    public Builder optLoaderThreads(int loaderThreads) {
      this.loaderThreads = loaderThreads;
      return this;
    }

    /** Snapshots kept on disk (default 3). */
    public Builder optKeepSnapshots(int keepSnapshots) {
      this.keepSnapshots = keepSnapshots;
      return this;
    }

    /** Whether to draw a progress bar on stderr (default false). */
    public Builder optProgressBar(boolean progressBar) {
      this.progressBar = progressBar;
      return this;
    }

    /** A model directory a new run starts from (default none: random initialisation). */
    public Builder optInitFrom(Path initFrom) {
      this.initFrom = initFrom;
      return this;
    }

    /** Applied to every training crop (default none). */
    public Builder optTransform(CropTransform transform) {
      this.transform = transform;
      return this;
    }

    /**
     * Builds the options.
     *
     * @throws IllegalArgumentException when a value is out of range
     */
    public TrainingOptions build() {
      LearningRateSchedule rate =
          schedule != null
              ? schedule
              : LearningRateSchedule.constant(optimizer.equals("adam") ? 1e-3f : 1f);
      return new TrainingOptions(
          config,
          outDir,
          batchSize,
          maxIterations,
          maxCpuHours,
          displayInterval,
          validationInterval,
          snapshotInterval,
          validationLimit,
          optimizer,
          rate,
          clipGradient,
          clipNorm,
          weightAverageDecay,
          seed,
          loaderThreads,
          keepSnapshots,
          progressBar,
          initFrom,
          transform);
    }
  }
}
