package dev.grcnn.ocr.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.ModelInfo;
import dev.grcnn.ocr.model.OcrModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ocr bench job} on a small count: a broker in this JVM, the job on a local Flink, a model
 * with random weights; every crop of every phase comes out once, the hostile ones as dead letters,
 * and the SQL path's phase sees each of its crops come out with its forward pass's batch size.
 */
class JobBenchmarkTest {

  @Test
  void everyPhaseSeesEachOfItsCropsComeOut(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("model");
    try (OcrModel m =
        OcrModel.create(
            ModelInfo.untrained("bench", GrcnnConfig.COMPACT, Alphabet.DEFAULT), Device.cpu())) {
      m.save(model);
    }
    List<String> progress = new ArrayList<>();
    JobBenchmark.Result r =
        JobBenchmark.run(
            new JobBenchmark.Settings(model, "cpu", 40, 8, 20, 500, 0.5, 1, 10), progress::add);
    String report = r + " after " + progress;
    assertEquals(0, r.deadLetters(), report);
    // Crops 9, 19, 29 and 39 of the hostile phase are records the job must refuse.
    assertEquals(4, r.hostileDeadLetters(), report);
    assertEquals(100, r.latencyCount(), "at least 100 crops in the latency phase: " + report);
    assertTrue(r.rawCropsPerSecond() > 0 && r.jobCropsPerSecond() > 0, report);
    assertTrue(r.goodCropsPerSecondAmidHostile() > 0, report);
    assertTrue(r.meanBatch() >= 1 && r.meanBatch() <= 8, report);
    assertTrue(0 < r.p50Millis() && r.p50Millis() <= r.p99Millis(), report);
    assertTrue(r.maxBatch() >= r.meanBatch() && r.maxBatch() <= 8, report);
    // The SQL path on the same crops: every one came out, in batches of at most 8.
    assertTrue(r.sqlCropsPerSecond() > 0 && r.sqlForwardCropsPerSecond() > 0, report);
    assertTrue(r.sqlMeanBatch() >= 1 && r.sqlMeanBatch() <= r.sqlMaxBatch(), report);
    assertTrue(r.sqlMaxBatch() <= 8, report);
  }
}
