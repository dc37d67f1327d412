package dev.grcnn.ocr.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.OcrModel;
import dev.grcnn.ocr.model.decode.Recognition;
import dev.grcnn.ocr.model.image.ImagePreprocessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OcrTrainerTest {

  /** Small enough to learn a handful of words in seconds on a CPU. */
  static final GrcnnConfig TINY = new GrcnnConfig("tiny", 16, List.of(16, 32, 48), 1, true, 64, 64);

  static final List<String> WORDS =
      List.of("cat", "exit", "hotel", "42", "bus", "open", "zoo", "sale");

  @TempDir Path dir;

  private static TrainingOptions options(Path out, long iterations, int snapshotEvery, String opt) {
    return TrainingOptions.builder(TINY, out)
        .optBatchSize(8)
        .optMaxIterations(iterations)
        .optDisplayInterval(50)
        .optValidationInterval(100)
        .optSnapshotInterval(snapshotEvery)
        .optValidationLimit(100)
        .optOptimizer(opt)
        .optSchedule(LearningRateSchedule.constant(opt.equals("adam") ? 3e-3f : 1f))
        .optLoaderThreads(2)
        .optKeepSnapshots(2)
        .build();
  }

  @Test
  void aFewHundredIterationsLearnATinySetCompletely() throws IOException {
    InMemoryImages data = new InMemoryImages(WORDS);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    OcrTrainer trainer =
        new OcrTrainer(options(dir, 400, 400, "adam"), Device.cpu(), new PrintStream(log, true));
    OcrTrainer.Summary summary =
        trainer.train(SampleStream.shuffled(data, 1), List.of(new ValidationSet("tiny", data)));
    String text = log.toString(StandardCharsets.UTF_8);
    assertEquals(400, summary.iterations());
    double first = firstLoss(text);
    assertTrue(
        summary.lastLoss() < first / 10, "loss fell from " + first + " to " + summary.lastLoss());
    assertEquals(1.0, summary.validation().accuracy(), 0.0, text);
    // The best model on disk reads every word.
    ImagePreprocessor pre = new ImagePreprocessor();
    try (OcrModel best = OcrModel.load(dir.resolve(OcrTrainer.BEST), Device.cpu())) {
      List<float[]> inputs = new ArrayList<>();
      for (String w : WORDS) {
        inputs.add(pre.preprocess(InMemoryImages.draw(w)));
      }
      List<Recognition> read = best.recognize(inputs, null);
      for (int i = 0; i < WORDS.size(); i++) {
        assertEquals(WORDS.get(i), read.get(i).text());
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertTrue(Files.size(dir.resolve(LearningCurve.PNG)) > 1000);
    List<String> csv = Files.readAllLines(dir.resolve(LearningCurve.CSV));
    assertEquals(1 + 8 + 4, csv.size(), "8 loss rows and 4 validation rows: " + csv);
  }

  private static double firstLoss(String log) {
    for (String line : log.split("\n")) {
      if (line.startsWith("iter 50 loss")) {
        return Double.parseDouble(line.split(" ")[3]);
      }
    }
    throw new AssertionError("no loss line in " + log);
  }

  @Test
  void aStoppedRunResumesFromItsLastSnapshot() throws IOException {
    InMemoryImages data = new InMemoryImages(WORDS);
    data.add(new byte[] {1, 2, 3}, "broken").add(InMemoryImages.draw("x"), "!!!");
    new OcrTrainer(
            options(dir, 20, 10, "adadelta"),
            Device.cpu(),
            new PrintStream(new ByteArrayOutputStream()))
        .train(SampleStream.shuffled(data, 1), List.of());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    OcrTrainer.Summary summary =
        new OcrTrainer(options(dir, 30, 10, "adadelta"), Device.cpu(), new PrintStream(log, true))
            .train(SampleStream.shuffled(data, 1), List.of());
    String text = log.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("resuming") && text.contains("iteration 20"), text);
    assertEquals(30, summary.iterations());
    assertTrue(summary.skipped().badImage() > 0 && summary.skipped().emptyLabel() > 0);
    try (var dirs = Files.list(dir.resolve("snapshots"))) {
      assertEquals(2, dirs.count(), "keeps the newest two snapshots");
    }
  }

  @Test
  void aMixedRunScoresEveryValidationSetAndFollowsItsSchedule() throws IOException {
    InMemoryImages real = new InMemoryImages(List.of("cat", "exit", "hotel", "42"));
    InMemoryImages other = new InMemoryImages(List.of("bus", "open", "zoo", "sale"));
    SampleStream mix =
        new MixedStream(SampleStream.shuffled(real, 1), 2, SampleStream.shuffled(other, 1), 8);
    TrainingOptions options =
        TrainingOptions.builder(TINY, dir)
            .optBatchSize(8)
            .optMaxIterations(100)
            .optDisplayInterval(50)
            .optValidationInterval(50)
            .optSnapshotInterval(100)
            .optOptimizer("adam")
            .optSchedule(new LearningRateSchedule(3e-3f, 20, 100, 0.1f))
            .optClipNorm(1f)
            .optLoaderThreads(2)
            .build();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    OcrTrainer.Summary summary =
        new OcrTrainer(options, Device.cpu(), new PrintStream(log, true))
            .train(
                mix, List.of(new ValidationSet("real", real), new ValidationSet("other", other)));
    String text = log.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("iter 100 validation real: 4 samples"), text);
    assertTrue(text.contains("iter 100 validation other: 4 samples"), text);
    List<String> csv = Files.readAllLines(dir.resolve(LearningCurve.CSV));
    assertEquals(1 + 2 + 4, csv.size(), "2 loss rows, 2 validations of 2 sets: " + csv);
    assertTrue(csv.get(1).startsWith("50,400,"), csv.get(1));
    // Step 50 (after 50 finished steps) lies 30 steps into an 80-step cosine from 3e-3 to 3e-4.
    double expected = 3e-4 + (3e-3 - 3e-4) * (1 + Math.cos(Math.PI * 30 / 80)) / 2;
    double logged = Double.parseDouble(csv.get(1).split(",")[8]);
    assertEquals(expected, logged, 1e-6, csv.get(1));
    // best/ follows the first set: it exists and was saved at a validation.
    assertTrue(Files.isRegularFile(dir.resolve(OcrTrainer.BEST).resolve("model.json")));
    assertEquals(100, summary.iterations());
  }

  @Test
  void aWeightAverageIsValidatedSavedWithSnapshotsAndResumed() throws IOException {
    InMemoryImages data = new InMemoryImages(WORDS);
    TrainingOptions.Builder options =
        TrainingOptions.builder(TINY, dir)
            .optBatchSize(8)
            .optDisplayInterval(50)
            .optValidationInterval(50)
            .optSnapshotInterval(50)
            .optOptimizer("adam")
            .optSchedule(LearningRateSchedule.constant(3e-3f))
            .optWeightAverageDecay(0.9f)
            .optLoaderThreads(2);
    new OcrTrainer(
            options.optMaxIterations(100).build(),
            Device.cpu(),
            new PrintStream(new ByteArrayOutputStream()))
        .train(SampleStream.shuffled(data, 1), List.of(new ValidationSet("tiny", data)));
    Path snapshot = dir.resolve("snapshots").resolve("iter-000000100");
    assertTrue(Files.size(snapshot.resolve(WeightAverage.FILE)) > 1000);
    List<String> csv = Files.readAllLines(dir.resolve(LearningCurve.CSV));
    assertEquals(
        2,
        csv.stream().filter(l -> l.contains(",tiny-average,")).count(),
        "the average is scored at 50 and 100: " + csv);

    ByteArrayOutputStream log = new ByteArrayOutputStream();
    new OcrTrainer(options.optMaxIterations(150).build(), Device.cpu(), new PrintStream(log, true))
        .train(SampleStream.shuffled(data, 1), List.of(new ValidationSet("tiny", data)));
    String text = log.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("weight average (decay 0.9) resumed"), text);
    assertTrue(text.contains("iter 150 validation tiny-average: 8 samples"), text);
    // best/ holds whichever weights read the first set best, named so.
    String version = OcrModel.readInfo(dir.resolve(OcrTrainer.BEST)).version();
    assertTrue(version.matches("\\d+(-average)?"), version);
  }

  @Test
  void aCpuBudgetEndsTheRunEarlyWithAValidatedSnapshotAndCountsCpuTime() throws IOException {
    InMemoryImages data = new InMemoryImages(WORDS);
    // A curve written before CPU time was counted: it gains the column and keeps its rows.
    Files.writeString(
        dir.resolve(LearningCurve.CSV),
        "iteration,samples,seconds,train_loss,val_set,val_loss,val_accuracy,images_per_second,"
            + "learning_rate\n");
    TrainingOptions budget =
        TrainingOptions.builder(TINY, dir)
            .optBatchSize(8)
            .optMaxIterations(1_000_000)
            .optMaxCpuHours(2.0 / 3600) // two CPU-seconds of training steps
            .optDisplayInterval(10)
            .optValidationInterval(100_000)
            .optSnapshotInterval(100_000)
            .optOptimizer("adam")
            .optLoaderThreads(1)
            .build();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    OcrTrainer.Summary summary =
        new OcrTrainer(budget, Device.cpu(), new PrintStream(log, true))
            .train(SampleStream.shuffled(data, 1), List.of(new ValidationSet("tiny", data)));
    String text = log.toString(StandardCharsets.UTF_8);
    long iterations = summary.iterations();
    assertTrue(iterations > 0 && iterations < 1_000_000, text);
    assertTrue(text.contains("CPU budget of 0.001 h spent at iteration " + iterations), text);
    // The last step was validated and snapshotted although neither interval came round.
    assertTrue(text.contains("iter " + iterations + " validation tiny"), text);
    Path snapshot = new Snapshots(dir).latest().orElseThrow();
    Snapshots.State state = Snapshots.readState(snapshot);
    assertEquals(iterations, state.iteration());
    assertTrue(state.cpuSeconds() >= 2.0, "CPU seconds counted: " + state.cpuSeconds());
    List<String> csv = Files.readAllLines(dir.resolve(LearningCurve.CSV));
    assertTrue(csv.get(0).endsWith(",learning_rate,cpu_seconds"), csv.get(0));
    String lastRow = csv.get(csv.size() - 1);
    assertEquals(10, lastRow.split(",", -1).length, lastRow);
    assertTrue(Double.parseDouble(lastRow.split(",", -1)[9]) >= 2.0, lastRow);
    // Resumed with the budget already spent: nothing more is trained, validated or saved.
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    new OcrTrainer(budget, Device.cpu(), new PrintStream(again, true))
        .train(SampleStream.shuffled(data, 1), List.of(new ValidationSet("tiny", data)));
    assertEquals(csv, Files.readAllLines(dir.resolve(LearningCurve.CSV)));
  }
}
