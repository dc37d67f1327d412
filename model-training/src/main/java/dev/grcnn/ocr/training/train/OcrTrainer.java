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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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

  /**
   * Trains until {@code maxIterations}.
   *
   * @param train the training samples, batch k being positions {@code k * batchSize} onwards
   * @param validations held-out sets scored at every validation interval; the first selects the
   *     best model (none: no validation, no best model)
   */
  public Summary train(SampleStream train, List<ValidationSet> validations) throws IOException {
    Files.createDirectories(options.outDir());
    Snapshots snapshots = new Snapshots(options.outDir());
    LearningCurve curve = new LearningCurve(options.outDir());
    RunState run = startOrResume(snapshots, curve);
    List<Validator> validators = new ArrayList<>();
    for (ValidationSet set : validations) {
      validators.add(new Validator(set, options.validationLimit(), 64));
    }
    LossLog lossLog = new LossLog(options.displayInterval(), log, curve);
    ValidationListener validation =
        new ValidationListener(
            validators, options.validationInterval(), options.outDir().resolve(BEST), log, curve);
    List<TrainingListener> listeners = new ArrayList<>();
    listeners.add(lossLog);
    if (run.average() != null) {
      listeners.add(new WeightAverageListener());
    }
    listeners.add(validation);
    listeners.add(
        new SnapshotListener(
            snapshots,
            options.snapshotInterval(),
            options.maxIterations(),
            options.keepSnapshots()));
    CtcLoss ctc = new CtcLoss(Alphabet.BLANK);
    ParameterStore store = new ParameterStore(run.model().manager(), false);
    try (OcrModel model = run.model();
        BatchLoader loader =
            new BatchLoader(
                train,
                model.alphabet(),
                options.batchSize(),
                options.transform(),
                options.seed(),
                options.loaderThreads(),
                run.iteration());
        ProgressBarListener bar =
            options.progressBar()
                ? new ProgressBarListener(run.iteration(), options.maxIterations())
                : null) {
      if (bar != null) {
        listeners.add(bar);
      }
      while (run.iteration() < options.maxIterations() && !budgetSpent(run)) {
        long stepStart = System.nanoTime();
        double cpuStart = ProcessCpu.seconds();
        Batch batch = loader.next();
        float loss =
            batch.size() > 0
                ? step(model, store, ctc, run.optimizer(), batch, options.clipNorm())
                : Float.NaN;
        StepOutcome outcome =
            new StepOutcome(
                batch.size(),
                loss,
                (System.nanoTime() - stepStart) / 1e9,
                ProcessCpu.seconds() - cpuStart,
                batch.skipped());
        run.advance(outcome);
        for (TrainingListener listener : listeners) {
          listener.onStep(run, outcome);
        }
      }
      if (budgetSpent(run)) {
        log.printf(
            Locale.ROOT,
            "CPU budget of %.3f h spent at iteration %d%n",
            options.maxCpuHours(),
            run.iteration());
      }
      for (TrainingListener listener : listeners) {
        listener.onEnd(run);
      }
    }
    curve.draw();
    return new Summary(run.iteration(), lossLog.lastLoss(), validation.last(), run.skipped());
  }

  private boolean budgetSpent(RunState run) {
    return options.maxCpuHours() > 0 && run.cpuSeconds() >= options.maxCpuHours() * 3600;
  }

  /** The newest snapshot's run, or a new one from {@code initFrom} or random parameters. */
  private RunState startOrResume(Snapshots snapshots, LearningCurve curve) throws IOException {
    StatefulOptimizer optimizer = newOptimizer();
    Optional<Path> resumeFrom = snapshots.latest();
    if (resumeFrom.isPresent()) {
      Path snap = resumeFrom.get();
      Snapshots.State state = Snapshots.readState(snap);
      OcrModel model = OcrModel.loadTrainable(snap, device);
      optimizer.load(snap.resolve(Snapshots.OPTIMIZER_FILE), model.manager());
      curve.truncateAfter(state.iteration());
      WeightAverage average = null;
      if (options.weightAverageDecay() > 0) {
        Path saved = snap.resolve(WeightAverage.FILE);
        average =
            Files.isRegularFile(saved)
                ? WeightAverage.load(
                    saved, model.network(), options.weightAverageDecay(), model.manager())
                : WeightAverage.startingAt(
                    model.network(), options.weightAverageDecay(), model.manager());
        log.printf(
            Locale.ROOT,
            "weight average (decay %s) %s%n",
            options.weightAverageDecay(),
            Files.isRegularFile(saved) ? "resumed" : "starts at the snapshot's weights");
      }
      log.printf(Locale.ROOT, "resuming %s at iteration %d%n", snap, state.iteration());
      return new RunState(model, optimizer, average, state);
    }
    OcrModel model;
    if (options.initFrom() != null) {
      model = OcrModel.loadTrainable(options.initFrom(), device);
      model.setInfo(model.info().withIterations(0));
    } else {
      String name = "grcnn-" + options.config().name();
      model =
          OcrModel.create(ModelInfo.untrained(name, options.config(), Alphabet.DEFAULT), device);
    }
    log.printf(
        Locale.ROOT,
        "training %s (%,d parameters) on %s%s%n",
        model.info().config().name(),
        model.trainableParameterCount(),
        device,
        options.initFrom() == null ? "" : ", starting from " + options.initFrom());
    WeightAverage average =
        options.weightAverageDecay() > 0
            ? WeightAverage.startingAt(
                model.network(), options.weightAverageDecay(), model.manager())
            : null;
    return new RunState(model, optimizer, average, new Snapshots.State(0, 0, 0, -1, 0, 0, 0, 0));
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
        step(model, store, ctc, optimizer, batches.get(k++ % batches.size()), 0f);
      }
      long images = 0;
      long start = System.nanoTime();
      long deadline = start + (long) (seconds * 1e9);
      do {
        Batch b = batches.get(k++ % batches.size());
        step(model, store, ctc, optimizer, b, 0f);
        images += b.size();
      } while (System.nanoTime() < deadline);
      return images / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static float step(
      OcrModel model,
      ParameterStore store,
      CtcLoss ctc,
      StatefulOptimizer optimizer,
      Batch batch,
      float clipNorm) {
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
      List<Gradient> grads = new ArrayList<>();
      for (ai.djl.util.Pair<String, Parameter> named : model.network().getParameters()) {
        Parameter p = named.getValue();
        if (!p.requiresGradient()) {
          continue;
        }
        NDArray grad = p.getArray().getGradient();
        if (grad == null) {
          continue;
        }
        grad.attach(scope);
        grads.add(new Gradient(named.getKey(), p.getArray(), grad));
      }
      float scale = clipNorm > 0 && Float.isFinite(loss) ? clipScale(grads, clipNorm) : 1f;
      if (!Float.isFinite(scale)) {
        loss = Float.NaN; // gradients overflowed although the loss did not: no update
      }
      for (Gradient g : grads) {
        if (!Float.isFinite(loss)) {
          StatefulOptimizer.zeroGradient(g.weight(), g.grad());
        } else {
          if (scale < 1f) {
            g.grad().muli(scale);
          }
          optimizer.update(g.name(), g.weight(), g.grad());
        }
      }
      optimizer.finishStep();
    }
    return loss;
  }

  /**
   * The factor that brings the gradients' global L2 norm down to {@code clipNorm}, 1 when it is
   * below, NaN when the norm is not finite.
   */
  private static float clipScale(List<Gradient> grads, float clipNorm) {
    NDArray sum = null;
    for (Gradient g : grads) {
      NDArray squares = g.grad().square().sum();
      sum = sum == null ? squares : sum.addi(squares);
    }
    if (sum == null) {
      return 1f;
    }
    float norm = (float) Math.sqrt(sum.getFloat());
    if (!Float.isFinite(norm)) {
      return Float.NaN;
    }
    return norm > clipNorm ? clipNorm / norm : 1f;
  }

  /** A parameter's weight and gradient, by its path in the network. */
  private record Gradient(String name, NDArray weight, NDArray grad) {}

  private StatefulOptimizer newOptimizer() {
    if (options.optimizer().equals("adam")) {
      return Adam.builder()
          .optLearningRateTracker(options.schedule().tracker())
          .optClipGrad(options.clipGradient())
          .build();
    }
    return Adadelta.builder()
        .optLearningRateTracker(options.schedule().tracker())
        .optClipGrad(options.clipGradient())
        .build();
  }
}
