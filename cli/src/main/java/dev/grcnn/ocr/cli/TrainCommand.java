package dev.grcnn.ocr.cli;

import ai.djl.Device;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.OcrModel;
import dev.grcnn.ocr.training.augment.Augmenter;
import dev.grcnn.ocr.training.data.FolderImages;
import dev.grcnn.ocr.training.data.LmdbDataset;
import dev.grcnn.ocr.training.render.RenderedImages;
import dev.grcnn.ocr.training.render.WordRenderer;
import dev.grcnn.ocr.training.train.CropTransform;
import dev.grcnn.ocr.training.train.LabeledImages;
import dev.grcnn.ocr.training.train.LearningRateSchedule;
import dev.grcnn.ocr.training.train.MixedStream;
import dev.grcnn.ocr.training.train.OcrTrainer;
import dev.grcnn.ocr.training.train.SampleStream;
import dev.grcnn.ocr.training.train.TrainingOptions;
import dev.grcnn.ocr.training.train.ValidationSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ocr train}: trains a GRCNN with CTC loss, resuming a run directory's latest snapshot. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains a GRCNN with CTC loss on an LMDB dataset (CRNN layout) or words rendered on the fly,",
      "optionally mixed at a fixed share per batch with a folder of real labelled crops whose last",
      "part is held out as the real validation set. A run directory that holds snapshots is resumed",
      "from the newest one; the best model by the first validation set is kept in OUT/best."
    })
final class TrainCommand implements Callable<Integer> {

  @Option(
      names = "--config",
      defaultValue = "compact",
      description =
          "compact, wide, small or paper (default: ${DEFAULT-VALUE}); a resumed run keeps its own.")
  String config;

  @Option(names = "--train", paramLabel = "LMDB", description = "Training set.")
  Path train;

  @Option(
      names = "--synthetic",
      paramLabel = "N",
      description = "Instead of --train: N words rendered on the fly (seeded by --render-seed).")
  Integer synthetic;

  @Option(names = "--render-seed", defaultValue = "1", description = "Seed of --synthetic words.")
  long renderSeed;

  @Option(
      names = "--real",
      paramLabel = "DIR",
      description = "Real crops: a folder with gt.txt (file<TAB>label), mixed into every batch.")
  Path real;

  @Option(
      names = "--real-share",
      defaultValue = "0.25",
      description = "Share of each batch from --real (default: ${DEFAULT-VALUE}).")
  double realShare;

  @Option(
      names = "--real-holdout",
      defaultValue = "0.1",
      description =
          "Last share of --real in file order held out as validation set 'real', which selects"
              + " the best model (default: ${DEFAULT-VALUE}).")
  double realHoldout;

  @Option(names = "--val", paramLabel = "LMDB", description = "Validation set (never a test set).")
  Path val;

  @Option(
      names = "--val-synthetic",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "N rendered words (a seed apart from training's) as validation set 'synthetic'.")
  int valSynthetic;

  @Option(
      names = "--augment",
      defaultValue = "none",
      description =
          "Augmentation of every training crop: standard (STRAug families, AugmentProfile) or"
              + " none (default: ${DEFAULT-VALUE}).")
  String augment;

  @Option(
      names = "--init-from",
      paramLabel = "DIR",
      description = "Model directory a new run starts from (its config wins over --config).")
  Path initFrom;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run directory.")
  Path out;

  @Option(names = "--batch-size", defaultValue = "64", description = "Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--max-iterations",
      defaultValue = "300000",
      description = "Stop at this iteration, counting a resumed run's (default: ${DEFAULT-VALUE}).")
  long maxIterations;

  @Option(
      names = "--max-cpu-hours",
      defaultValue = "0",
      description =
          "End early once training steps used this much process CPU time (all threads, a resumed"
              + " run's counted): runs compared at equal cost; 0 = no budget.")
  double maxCpuHours;

  @Option(
      names = "--display-interval",
      defaultValue = "100",
      description = "Default: ${DEFAULT-VALUE}.")
  int displayInterval;

  @Option(
      names = "--val-interval",
      defaultValue = "2000",
      description = "Default: ${DEFAULT-VALUE}.")
  int valInterval;

  @Option(
      names = "--val-limit",
      defaultValue = "2000",
      description = "Most validation samples used.")
  int valLimit;

  @Option(
      names = "--snapshot-interval",
      defaultValue = "1000",
      description = "Default: ${DEFAULT-VALUE}; a killed run loses at most this many iterations.")
  int snapshotInterval;

  @Option(
      names = "--optimizer",
      defaultValue = "adadelta",
      description = "adadelta (rho 0.9, as the seed) or adam (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(
      names = "--lr",
      description = "Peak learning rate (default: 1 for adadelta, 1e-3 for adam).")
  Float learningRate;

  @Option(
      names = "--schedule-iterations",
      defaultValue = "0",
      description =
          "Length of the warm-up + cosine schedule, fixed for the whole run; 0 = constant rate.")
  long scheduleIterations;

  @Option(
      names = "--warmup",
      defaultValue = "0",
      description = "Linear warm-up steps from lr/100 (default: ${DEFAULT-VALUE}).")
  long warmup;

  @Option(
      names = "--final-lr",
      defaultValue = "0.01",
      description = "Last rate of the schedule as a fraction of --lr (default: ${DEFAULT-VALUE}).")
  float finalLr;

  @Option(
      names = "--clip",
      defaultValue = "0",
      description = "Element-wise gradient clip, 0 = off.")
  float clip;

  @Option(
      names = "--clip-norm",
      defaultValue = "0",
      description = "Largest global L2 norm of the gradients, 0 = off.")
  float clipNorm;

  @Option(
      names = "--weight-average",
      defaultValue = "0",
      paramLabel = "DECAY",
      description =
          "Also validate an exponential moving average of the weights with this decay per step"
              + " (e.g. 0.999); it becomes the best model when it reads better. 0 = off.")
  float weightAverageDecay;

  @Option(names = "--seed", defaultValue = "1", description = "Shuffle and augmentation seed.")
  long seed;

  @Option(names = "--loader-threads", defaultValue = "1", description = "Image decoding threads.")
  int loaderThreads;

  @Option(names = "--keep-snapshots", defaultValue = "3", description = "Snapshots kept on disk.")
  int keepSnapshots;

  @picocli.CommandLine.Mixin DeviceOption device;

  @Option(names = "--no-progress", description = "No progress bar (loss lines only).")
  boolean noProgress;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    GrcnnConfig chosen = Arguments.config("--config", config);
    Device dev = device.device();
    String opt = optimizer.toLowerCase(Locale.ROOT);
    float lr = learningRate != null ? learningRate : opt.equals("adam") ? 1e-3f : 1f;
    if ((train == null) == (synthetic == null)) {
      throw new UsageException("give exactly one of --train LMDB and --synthetic N");
    }
    if (synthetic != null && synthetic < 1) {
      throw new UsageException("--synthetic must be at least 1");
    }
    if (train != null && !LmdbDataset.isLmdb(train)) {
      throw new UsageException("--train: " + train + " is not an LMDB dataset (no data.mdb)");
    }
    if (val != null && !LmdbDataset.isLmdb(val)) {
      throw new UsageException("--val: " + val + " is not an LMDB dataset (no data.mdb)");
    }
    if (real != null && !Files.isRegularFile(real.resolve(FolderImages.LABELS_FILE))) {
      throw new UsageException("--real: " + real + " has no " + FolderImages.LABELS_FILE);
    }
    if (!(realShare >= 0 && realShare <= 1) || !(realHoldout >= 0 && realHoldout < 1)) {
      throw new UsageException("--real-share must lie in [0, 1] and --real-holdout in [0, 1)");
    }
    if (valSynthetic < 0) {
      throw new UsageException("--val-synthetic must not be negative");
    }
    if (initFrom != null && !Files.isRegularFile(initFrom.resolve(OcrModel.INFO_FILE))) {
      throw new UsageException("--init-from: " + initFrom + " is not a model directory");
    }
    CropTransform transform =
        switch (augment.toLowerCase(Locale.ROOT)) {
          case "standard" -> Augmenter.standard()::apply;
          case "none" -> CropTransform.NONE;
          default -> throw new UsageException("--augment must be standard or none, not " + augment);
        };
    TrainingOptions options;
    try {
      options =
          TrainingOptions.builder(chosen, out)
              .optBatchSize(batchSize)
              .optMaxIterations(maxIterations)
              .optMaxCpuHours(maxCpuHours)
              .optDisplayInterval(displayInterval)
              .optValidationInterval(valInterval)
              .optSnapshotInterval(snapshotInterval)
              .optValidationLimit(valLimit)
              .optOptimizer(opt)
              .optSchedule(new LearningRateSchedule(lr, warmup, scheduleIterations, finalLr))
              .optClipGradient(clip)
              .optClipNorm(clipNorm)
              .optWeightAverageDecay(weightAverageDecay)
              .optSeed(seed)
              .optLoaderThreads(loaderThreads)
              .optKeepSnapshots(keepSnapshots)
              .optProgressBar(!noProgress && System.console() != null)
              .optInitFrom(initFrom)
              .optTransform(transform)
              .build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Files.createDirectories(out);
    try (LmdbDataset trainLmdb = train == null ? null : LmdbDataset.open(train);
        LmdbDataset valSet = val == null ? null : LmdbDataset.open(val)) {
      LabeledImages base =
          trainLmdb != null
              ? trainLmdb
              : new RenderedImages(WordRenderer.withDefaults(renderSeed), synthetic);
      SampleStream stream = SampleStream.shuffled(base, seed);
      List<ValidationSet> validations = new ArrayList<>();
      if (real != null) {
        FolderImages crops = FolderImages.load(real);
        int cut = FolderImages.holdoutStart(crops.size(), realHoldout);
        if (cut < 1) {
          throw new UsageException("--real: no crop left for training after the holdout");
        }
        if (cut < crops.size()) {
          validations.add(new ValidationSet("real", crops.slice(cut, crops.size())));
        }
        int perBatch = MixedStream.perBatch(realShare, batchSize);
        stream =
            new MixedStream(
                SampleStream.shuffled(crops.slice(0, cut), seed), perBatch, stream, batchSize);
        System.out.printf(
            Locale.ROOT,
            "real crops: %d for training (%d of every %d samples), %d held out%n",
            cut,
            perBatch,
            batchSize,
            crops.size() - cut);
      }
      if (valSet != null) {
        validations.add(new ValidationSet("val", valSet));
      }
      if (valSynthetic > 0) {
        WordRenderer held = WordRenderer.withDefaults(renderSeed + SYNTHETIC_VALIDATION_SEED);
        validations.add(new ValidationSet("synthetic", new RenderedImages(held, valSynthetic)));
      }
      OcrTrainer.Summary summary =
          new OcrTrainer(options, dev, System.out).train(stream, validations);
      System.out.printf(
          Locale.ROOT,
          "done: %d iterations, last loss %.4f, %d samples skipped; best model in %s%n",
          summary.iterations(),
          summary.lastLoss(),
          summary.skipped().total(),
          out.resolve(OcrTrainer.BEST));
    }
    return 0;
  }

  /** Added to --render-seed for the rendered validation words, apart from any training seed. */
  private static final long SYNTHETIC_VALIDATION_SEED = 1_000_000_007L;
}
