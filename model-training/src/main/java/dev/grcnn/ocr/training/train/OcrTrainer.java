package dev.grcnn.ocr.training.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.ModelInfo;
import dev.grcnn.ocr.model.OcrModel;
import dev.grcnn.ocr.model.nn.GrcnnNetwork;
import dev.grcnn.ocr.training.loss.CtcLoss;
import dev.grcnn.ocr.training.optim.Adadelta;
import dev.grcnn.ocr.training.optim.Adam;
import dev.grcnn.ocr.training.optim.StatefulOptimizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Trains a GRCNN with CTC loss: batches from a {@link BatchLoader}, a loss line every display
 * interval, validation and the learning curve every validation interval, a snapshot every snapshot
 * interval, and the best model by validation accuracy kept in {@code best/}. A run directory that
 * already holds snapshots is resumed from the newest, so a killed run loses at most one snapshot
 * interval.
 */
public final class OcrTrainer {

  /** Directory of the best model inside a run directory. */
  public static final String BEST = "best";

  private final TrainingOptions options;
  private final Device device;
  private final PrintStream log;

  /**
   * Creates a trainer.
   *
   * @param options the knobs
   * @param device where to train
   * @param log where loss lines go (stdout for the CLI)
   */
  public OcrTrainer(TrainingOptions options, Device device, PrintStream log) {
    this.options = options;
    this.device = device;
    this.log = log;
  }

  /**
   * What a run did.
   *
   * @param iterations steps reached
   * @param lastLoss mean training loss of the last display interval
   * @param validation the last validation, if any
   * @param skipped samples left out
   */
  public record Summary(
      long iterations, double lastLoss, Validator.Result validation, SkipCounts skipped) {}

  /** Trains until {@code maxIterations}; validation data may be null. */
  public Summary train(LabeledImages train, LabeledImages validation) throws IOException {
    Files.createDirectories(options.outDir());
    Snapshots snapshots = new Snapshots(options.outDir());
    LearningCurve curve = new LearningCurve(options.outDir());
    Optional<Path> resumeFrom = snapshots.latest();
    Snapshots.State state;
    OcrModel model;
    StatefulOptimizer optimizer = newOptimizer();
    if (resumeFrom.isPresent()) {
      Path snap = resumeFrom.get();
      state = Snapshots.readState(snap);
      model = OcrModel.loadTrainable(snap, device);
      optimizer.load(snap.resolve(Snapshots.OPTIMIZER_FILE), model.manager());
      curve.truncateAfter(state.iteration());
      log.printf(Locale.ROOT, "resuming %s at iteration %d%n", snap, state.iteration());
    } else {
      state = new Snapshots.State(0, 0, 0, -1, 0, 0, 0);
      String name = "grcnn-" + options.config().name();
      model =
          OcrModel.create(ModelInfo.untrained(name, options.config(), Alphabet.DEFAULT), device);
      log.printf(
          Locale.ROOT,
          "training %s (%,d parameters) on %s, %,d samples%n",
          options.config().name(),
          model.trainableParameterCount(),
          device,
          train.size());
    }
    Validator validator =
        validation == null ? null : new Validator(validation, options.validationLimit(), 64);
    CtcLoss ctc = new CtcLoss(Alphabet.BLANK);
    long iteration = state.iteration();
    long samplesSeen = state.samplesSeen();
    double seconds = state.seconds();
    double best = state.bestAccuracy();
    SkipCounts skipped = state.skips();
    double lossSum = 0;
    int lossCount = 0;
    double lastLoss = Double.NaN;
    long intervalSamples = 0;
    long intervalStart = System.nanoTime();
    long nonFinite = 0;
    Validator.Result lastValidation = null;
    ParameterStore store = new ParameterStore(model.manager(), false);
    try (model;
        BatchLoader loader =
            new BatchLoader(
                train,
                model.alphabet(),
                options.batchSize(),
                options.seed(),
                options.loaderThreads(),
                iteration);
        ProgressBar bar = progressBar(iteration)) {
      while (iteration < options.maxIterations()) {
        long stepStart = System.nanoTime();
        Batch batch = loader.next();
        skipped = skipped.plus(batch.skipped());
        if (batch.size() > 0) {
          float loss = step(model, store, ctc, optimizer, batch);
          if (Float.isFinite(loss)) {
            lossSum += loss;
            lossCount++;
          } else {
            nonFinite++;
          }
        }
        iteration++;
        samplesSeen += batch.size();
        intervalSamples += batch.size();
        seconds += (System.nanoTime() - stepStart) / 1e9;
        if (bar != null) {
          bar.stepTo(iteration);
          bar.setExtraMessage(
              String.format(
                  Locale.ROOT, " loss %.3f", lossCount == 0 ? Double.NaN : lossSum / lossCount));
        }
        if (iteration % options.displayInterval() == 0) {
          double elapsed = (System.nanoTime() - intervalStart) / 1e9;
          double rate = intervalSamples / elapsed;
          lastLoss = lossCount == 0 ? Double.NaN : lossSum / lossCount;
          log.printf(
              Locale.ROOT,
              "iter %d loss %.4f %.1f img/s skipped %d%s%n",
              iteration,
              lastLoss,
              rate,
              skipped.total(),
              nonFinite > 0 ? " non-finite " + nonFinite : "");
          curve.trainPoint(iteration, samplesSeen, seconds, lastLoss, rate);
          lossSum = 0;
          lossCount = 0;
          intervalSamples = 0;
          intervalStart = System.nanoTime();
        }
        if (validator != null && iteration % options.validationInterval() == 0) {
          lastValidation = validator.run(model);
          log.printf(
              Locale.ROOT,
              "iter %d validation: %d samples, loss %.4f, accuracy %.2f%%%n",
              iteration,
              lastValidation.samples(),
              lastValidation.loss(),
              100 * lastValidation.accuracy());
          curve.validationPoint(
              iteration, samplesSeen, seconds, lastValidation.loss(), lastValidation.accuracy());
          if (lastValidation.accuracy() > best) {
            best = lastValidation.accuracy();
            model.setInfo(model.info().withIterations(iteration));
            model.save(options.outDir().resolve(BEST));
          }
        }
        if (iteration % options.snapshotInterval() == 0 || iteration == options.maxIterations()) {
          Snapshots.State now =
              new Snapshots.State(
                  iteration,
                  samplesSeen,
                  seconds,
                  best,
                  skipped.badImage(),
                  skipped.emptyLabel(),
                  skipped.tooLong());
          snapshot(snapshots, model, optimizer, now);
        }
      }
    }
    curve.draw();
    return new Summary(iteration, lastLoss, lastValidation, skipped);
  }

  /**
   * Training images/s of a fresh network of {@code config} with Adadelta: forward, CTC loss,
   * backward and update over prepared batches in turn, so that the engine alone is timed (what
   * {@code ocr bench allocators} measures). {@code warmUpSteps} untimed steps first, then steps
   * until {@code seconds} have gone by.
   */
  public static double imagesPerSecond(
      GrcnnConfig config, List<Batch> batches, int warmUpSteps, double seconds, Device device) {
    if (batches.isEmpty()) {
      throw new IllegalArgumentException("no batches");
    }
    try (OcrModel model =
        OcrModel.create(ModelInfo.untrained("bench", config, Alphabet.DEFAULT), device)) {
      ParameterStore store = new ParameterStore(model.manager(), false);
      CtcLoss ctc = new CtcLoss(Alphabet.BLANK);
      StatefulOptimizer optimizer = Adadelta.builder().optLearningRate(1f).build();
      int k = 0;
      for (int i = 0; i < warmUpSteps; i++) {
        step(model, store, ctc, optimizer, batches.get(k++ % batches.size()));
      }
      long images = 0;
      long start = System.nanoTime();
      long deadline = start + (long) (seconds * 1e9);
      do {
        Batch b = batches.get(k++ % batches.size());
        step(model, store, ctc, optimizer, b);
        images += b.size();
      } while (System.nanoTime() < deadline);
      return images / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static float step(
      OcrModel model, ParameterStore store, CtcLoss ctc, StatefulOptimizer optimizer, Batch batch) {
    float loss;
    try (NDManager scope = model.manager().newSubManager()) {
      NDArray x = scope.create(batch.images(), GrcnnNetwork.inputShape(batch.size()));
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray out = model.network().forward(store, new NDList(x), true).head();
        NDArray mean = ctc.meanLoss(out, batch.labels());
        loss = mean.getFloat();
        if (Float.isFinite(loss)) {
          collector.backward(mean);
        }
      }
      // Optimiser state is keyed by the parameter's path in the network, which (unlike its id)
      // is the same in a resumed run.
      for (ai.djl.util.Pair<String, Parameter> named : model.network().getParameters()) {
        Parameter p = named.getValue();
        if (!p.requiresGradient()) {
          continue;
        }
        NDArray weight = p.getArray();
        NDArray grad = weight.getGradient();
        if (grad == null) {
          continue;
        }
        grad.attach(scope);
        if (Float.isFinite(loss)) {
          optimizer.update(named.getKey(), weight, grad);
        }
      }
      optimizer.finishStep();
    }
    return loss;
  }

  private void snapshot(
      Snapshots snapshots, OcrModel model, StatefulOptimizer optimizer, Snapshots.State state)
      throws IOException {
    Path dir = snapshots.directory(state.iteration());
    model.setInfo(model.info().withIterations(state.iteration()));
    model.save(dir);
    optimizer.save(dir.resolve(Snapshots.OPTIMIZER_FILE));
    Snapshots.writeState(dir, state);
    snapshots.prune(options.keepSnapshots());
  }

  private StatefulOptimizer newOptimizer() {
    if (options.optimizer().equals("adam")) {
      return Adam.builder()
          .optLearningRate(options.learningRate())
          .optClipGrad(options.clipGradient())
          .build();
    }
    return Adadelta.builder()
        .optLearningRate(options.learningRate())
        .optClipGrad(options.clipGradient())
        .build();
  }

  private ProgressBar progressBar(long start) {
    if (!options.progressBar()) {
      return null;
    }
    return new ProgressBarBuilder()
        .setTaskName("train")
        .setInitialMax(options.maxIterations())
        .startsFrom(start, Duration.ZERO)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(1000)
        .showSpeed()
        .setUnit(" it", 1)
        .continuousUpdate()
        .build();
  }
}
