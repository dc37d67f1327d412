package dev.grcnn.ocr.cli;

import ai.djl.Device;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.training.data.LmdbDataset;
import dev.grcnn.ocr.training.render.RenderedImages;
import dev.grcnn.ocr.training.render.WordRenderer;
import dev.grcnn.ocr.training.train.LabeledImages;
import dev.grcnn.ocr.training.train.OcrTrainer;
import dev.grcnn.ocr.training.train.TrainingOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
      "Trains a GRCNN on an LMDB dataset (CRNN layout). A run directory that holds snapshots is",
      "resumed from the newest one; the best model by validation accuracy is kept in OUT/best."
    })
final class TrainCommand implements Callable<Integer> {

  @Option(
      names = "--config",
      defaultValue = "compact",
      description =
          "compact, small or paper (default: ${DEFAULT-VALUE}); a resumed run keeps its own.")
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

  @Option(names = "--val", paramLabel = "LMDB", description = "Validation set (never a test set).")
  Path val;

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

  @Option(names = "--lr", description = "Learning rate (default: 1 for adadelta, 1e-3 for adam).")
  Float learningRate;

  @Option(
      names = "--clip",
      defaultValue = "0",
      description = "Element-wise gradient clip, 0 = off.")
  float clip;

  @Option(names = "--seed", defaultValue = "1", description = "Shuffle seed.")
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
    TrainingOptions options;
    try {
      options =
          new TrainingOptions(
              chosen,
              out,
              batchSize,
              maxIterations,
              displayInterval,
              valInterval,
              snapshotInterval,
              valLimit,
              opt,
              lr,
              clip,
              seed,
              loaderThreads,
              keepSnapshots,
              !noProgress && System.console() != null);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
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
    Files.createDirectories(out);
    try (LmdbDataset trainLmdb = train == null ? null : LmdbDataset.open(train);
        LmdbDataset valSet = val == null ? null : LmdbDataset.open(val)) {
      LabeledImages trainSet =
          trainLmdb != null
              ? trainLmdb
              : new RenderedImages(WordRenderer.withDefaults(renderSeed), synthetic);
      OcrTrainer.Summary summary = new OcrTrainer(options, dev, System.out).train(trainSet, valSet);
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
}
