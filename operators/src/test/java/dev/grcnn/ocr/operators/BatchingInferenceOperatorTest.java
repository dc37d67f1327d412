package dev.grcnn.ocr.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.Folders;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.ModelInfo;
import dev.grcnn.ocr.model.OcrModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchingInferenceOperatorTest {

  @TempDir static Path dir;
  static Path model;

  /** A model and batching, PyTorch's default threads, no global lexicon. */
  static InferenceSettings settings(String modelDir, String device, int batchSize, long wait) {
    return InferenceSettings.builder(modelDir)
        .device(device)
        .batchSize(batchSize)
        .maxWaitMillis(wait)
        .build();
  }

  @BeforeAll
  static void saveARandomModel() throws Exception {
    model = dir.resolve("model");
    try (OcrModel m =
        OcrModel.create(
            ModelInfo.untrained("t", GrcnnConfig.COMPACT, Alphabet.DEFAULT), Device.cpu())) {
      m.save(model);
    }
  }

  static DecodedCrop crop(int i, String lexicon) {
    float[] input = new float[3200];
    Random random = new Random(i);
    for (int k = 0; k < input.length; k++) {
      input[k] = random.nextFloat() * 2 - 1;
    }
    return new DecodedCrop("crop-" + i, input, lexicon, "ocr.crops", 0, i);
  }

  private static OneInputStreamOperatorTestHarness<DecodedCrop, Recognized> harness(
      int batchSize, long maxWait) throws Exception {
    var h =
        new OneInputStreamOperatorTestHarness<>(
            new BatchingInferenceOperator(settings(model.toString(), "cpu", batchSize, maxWait)));
    h.open();
    return h;
  }

  @Test
  void aFullBatchIsReadAtOnceAndAPartialOneWaitsForItsTimer() throws Exception {
    try (var h = harness(3, 50)) {
      h.setProcessingTime(0);
      for (int i = 0; i < 4; i++) {
        h.processElement(new StreamRecord<>(crop(i, null)));
      }
      assertEquals(3, h.extractOutputValues().size(), "the first three fill a batch");
      h.setProcessingTime(49);
      assertEquals(3, h.extractOutputValues().size(), "the fourth waits");
      h.setProcessingTime(50);
      List<Recognized> out = h.extractOutputValues();
      assertEquals(4, out.size(), "its timer flushed it");
      assertEquals(3, out.get(0).batchSize);
      assertEquals(1, out.get(3).batchSize);
      assertEquals("crop-3", out.get(3).id);
    }
  }

  @Test
  void nothingIsHeldAcrossACheckpoint() throws Exception {
    try (var h = harness(1000, 3_600_000)) {
      for (int i = 0; i < 5; i++) {
        h.processElement(new StreamRecord<>(crop(i, null)));
      }
      assertEquals(0, h.extractOutputValues().size());
      h.prepareSnapshotPreBarrier(1);
      assertEquals(5, h.extractOutputValues().size());
    }
  }

  @Test
  void aRecordsOwnLexiconDecidesItsText() throws Exception {
    try (var h = harness(2, 10)) {
      h.processElement(new StreamRecord<>(crop(1, "Exit")));
      h.processElement(new StreamRecord<>(crop(2, null)));
      List<Recognized> out = h.extractOutputValues();
      assertEquals("exit", out.get(0).text);
      assertEquals("record-lexicon", out.get(0).decoding);
      assertEquals("greedy", out.get(1).decoding);
      assertEquals(out.get(1).greedyText, out.get(1).text);
    }
  }

  @Test
  void theGlobalLexiconDecidesForCropsWithoutTheirOwn() throws Exception {
    Path lexicon = dir.resolve("lexicon.txt");
    Files.writeString(lexicon, "Harbour\n\n");
    // A file: URI goes through Flink's FileSystem, as an s3:// or hdfs:// location would.
    InferenceSettings settings =
        InferenceSettings.builder(model.toUri().toString())
            .device("cpu")
            .batchSize(3)
            .maxWaitMillis(10)
            .lexiconFile(lexicon.toUri().toString())
            .build();
    try (var h = new OneInputStreamOperatorTestHarness<>(new BatchingInferenceOperator(settings))) {
      h.open();
      h.processElement(new StreamRecord<>(crop(1, null)));
      h.processElement(new StreamRecord<>(crop(2, "quay")));
      h.processElement(new StreamRecord<>(crop(3, "!!!")));
      List<Recognized> out = h.extractOutputValues();
      assertEquals(3, out.size());
      assertEquals("harbour", out.get(0).text);
      assertEquals(Recognized.GLOBAL_LEXICON, out.get(0).decoding);
      assertEquals("quay", out.get(1).text, "the record's own lexicon comes first");
      assertEquals(Recognized.RECORD_LEXICON, out.get(1).decoding);
      assertEquals("harbour", out.get(2).text, "a lexicon with no usable word falls back");
    }
  }

  @Test
  void aModelOnAFileSystemIsCopiedToALocalFolderThatLoads() throws Exception {
    assertTrue(FlinkFiles.isLocal(model.toString()));
    assertTrue(FlinkFiles.isLocal(model.toUri().toString()));
    assertFalse(FlinkFiles.isLocal("s3://bucket/models/default"));
    // Flink's local file system stands in for s3:// or hdfs://: the copy goes through its API.
    Path copy = FlinkFiles.copy(new org.apache.flink.core.fs.Path(model.toUri()));
    try {
      assertArrayEquals(
          Files.readAllBytes(model.resolve(OcrModel.PARAMS_FILE)),
          Files.readAllBytes(copy.resolve(OcrModel.PARAMS_FILE)));
      try (OcrModel loaded = OcrModel.load(copy, Device.cpu())) {
        assertEquals("t", loaded.info().name());
      }
    } finally {
      Folders.deleteQuietly(copy);
    }
    assertFalse(Files.exists(copy));
  }

  @Test
  void aModelCopyThatFailsLeavesNoFolderBehind() throws Exception {
    Path broken = dir.resolve("unreadable-model");
    Files.createDirectories(broken);
    Files.copy(model.resolve(OcrModel.INFO_FILE), broken.resolve(OcrModel.INFO_FILE));
    // A file that lists but fails on reading (EIO), as a remote store failing mid-copy would.
    Files.createSymbolicLink(broken.resolve(OcrModel.PARAMS_FILE), Path.of("/proc/self/mem"));
    Path parent = Files.createDirectories(dir.resolve("tmp"));
    java.io.IOException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.io.IOException.class,
            () -> FlinkFiles.copy(new org.apache.flink.core.fs.Path(broken.toUri()), parent));
    assertTrue(e.getMessage().startsWith("cannot copy the model at "), e.getMessage());
    try (var left = Files.list(parent)) {
      assertEquals(List.of(), left.toList(), "no grcnn-model-* folder is left");
    }
  }

  @Test
  void onAMiniClusterEveryCropComesOutOnce() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    List<DecodedCrop> crops = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      crops.add(crop(i, null));
    }
    Set<String> ids = new HashSet<>();
    int total = 0;
    try (CloseableIterator<Recognized> results =
        env.fromData(crops)
            .rebalance()
            .transform(
                "inference",
                TypeInformation.of(Recognized.class),
                new BatchingInferenceOperator(settings(model.toString(), "cpu", 8, 20)))
            .executeAndCollect()) {
      while (results.hasNext()) {
        Recognized r = results.next();
        ids.add(r.id);
        total++;
        assertTrue(r.batchSize >= 1 && r.batchSize <= 8, "batch of " + r.batchSize);
      }
    }
    assertEquals(40, total);
    assertEquals(40, ids.size());
  }
}
