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
}
