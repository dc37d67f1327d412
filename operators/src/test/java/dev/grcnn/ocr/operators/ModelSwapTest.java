package dev.grcnn.ocr.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.ModelInfo;
import dev.grcnn.ocr.model.OcrModel;
import dev.grcnn.ocr.model.image.ImagePreprocessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream during which new model versions are published into the watched folder: a good one
 * (swapped in), one with random weights (refused by the smoke check), one that does not load
 * (refused), and a good one again (swapped in). Nothing is lost or duplicated and each result names
 * the version that was live when its batch ran.
 */
class ModelSwapTest {

  private static final long WATCH = 1000;

  @TempDir Path dir;

  private static Path shippedModel() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("models/default/model.json"))) {
        return p.resolve("models/default");
      }
    }
    throw new IllegalStateException("no models/default above " + Path.of("").toAbsolutePath());
  }

  /** Publishes as a trainer does: parameters first, model.json last. */
  private static void publishShipped(Path version) throws Exception {
    Files.createDirectories(version);
    Files.copy(shippedModel().resolve(OcrModel.PARAMS_FILE), version.resolve(OcrModel.PARAMS_FILE));
    Files.copy(shippedModel().resolve(OcrModel.INFO_FILE), version.resolve(OcrModel.INFO_FILE));
  }

  private static DecodedCrop crop(int i, byte[] image) throws Exception {
    return new DecodedCrop(
        "crop-" + i, new ImagePreprocessor().preprocess(image), null, "ocr.crops", 0, i);
  }

  @Test
  void versionsSwapAtBatchBoundariesAndBrokenOnesAreRefused() throws Exception {
    Path root = dir.resolve("versions");
    publishShipped(root.resolve("v1"));
    byte[] image =
        Files.readAllBytes(shippedModel().getParent().getParent().resolve("samples/leek.jpg"));
    InferenceSettings settings =
        InferenceSettings.builder(root.toString())
            .device("cpu")
            .batchSize(4)
            .maxWaitMillis(3_600_000)
            .modelWatchMillis(WATCH)
            .build();
    Map<String, String> versionOf = new HashMap<>();
    int next = 0;
    try (var h = new OneInputStreamOperatorTestHarness<>(new BatchingInferenceOperator(settings))) {
      h.setProcessingTime(0);
      h.open();
      // Six crops to v1: a full batch of four is read, two wait.
      for (int i = 0; i < 6; i++, next++) {
        h.processElement(new StreamRecord<>(crop(next, image)));
        versionOf.put("crop-" + next, "v1");
      }
      publishShipped(root.resolve("v2"));
      h.setProcessingTime(WATCH); // the two waiting are read by v1, then v2 serves
      for (int i = 0; i < 3; i++, next++) {
        h.processElement(new StreamRecord<>(crop(next, image)));
        versionOf.put("crop-" + next, "v2");
      }
      try (OcrModel random =
          OcrModel.create(
              ModelInfo.untrained("random", GrcnnConfig.COMPACT, Alphabet.DEFAULT), Device.cpu())) {
        random.save(root.resolve("v3"));
      }
      h.setProcessingTime(2 * WATCH); // random weights: refused by the smoke check
      Path broken = root.resolve("v4");
      publishShipped(broken);
      Files.write(broken.resolve(OcrModel.PARAMS_FILE), new byte[] {1, 2, 3});
      h.setProcessingTime(3 * WATCH); // parameters that do not load: refused
      for (int i = 0; i < 2; i++, next++) {
        h.processElement(new StreamRecord<>(crop(next, image)));
        versionOf.put("crop-" + next, "v2");
      }
      publishShipped(root.resolve("v5"));
      h.setProcessingTime(4 * WATCH); // the one waiting is read by v2, then v5 serves
      for (int i = 0; i < 2; i++, next++) {
        h.processElement(new StreamRecord<>(crop(next, image)));
        versionOf.put("crop-" + next, "v5");
      }
      h.prepareSnapshotPreBarrier(1);
      List<Recognized> out = h.extractOutputValues();
      assertEquals(next, out.size(), "every crop once");
      Map<String, String> seen = new HashMap<>();
      for (Recognized r : out) {
        assertTrue(seen.put(r.id, r.modelVersion) == null, "twice: " + r.id);
        assertEquals("leek", r.text, r.id + " read by " + r.modelVersion);
      }
      assertEquals(versionOf, seen);
    }
  }
}
