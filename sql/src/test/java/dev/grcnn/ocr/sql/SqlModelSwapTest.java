package dev.grcnn.ocr.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.ModelInfo;
import dev.grcnn.ocr.model.OcrModel;
import dev.grcnn.ocr.operators.InferenceSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL provider's batching predict function with {@code model.watch-interval}: versions
 * published into the watched folder while it runs are swapped in by its inference thread between
 * two batches (a good one), or refused with the serving one kept (random weights, parameters that
 * do not load); every row names the version that read it.
 */
class SqlModelSwapTest {

  private static final long WATCH = 200;

  @TempDir Path dir;

  private static Path projectFile(String name) {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(name))) {
        return p.resolve(name);
      }
    }
    throw new IllegalStateException("no " + name + " above " + Path.of("").toAbsolutePath());
  }

  /** Publishes as a trainer does: parameters first, model.json last. */
  private static void publishShipped(Path version) throws Exception {
    Path shipped = projectFile("models/default");
    Files.createDirectories(version);
    Files.copy(shipped.resolve(OcrModel.PARAMS_FILE), version.resolve(OcrModel.PARAMS_FILE));
    Files.copy(shipped.resolve(OcrModel.INFO_FILE), version.resolve(OcrModel.INFO_FILE));
  }

  /** Reads {@code n} rows of the sample "leek" at once: text and model version of each. */
  private static List<String> read(BatchingPredictFunction f, byte[] image, int n)
      throws Exception {
    List<CompletableFuture<Collection<RowData>>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      futures.add(f.asyncPredict(GenericRowData.of((Object) image)));
    }
    List<String> out = new ArrayList<>();
    for (var future : futures) {
      RowData row = future.get(60, TimeUnit.SECONDS).iterator().next();
      out.add(row.getString(0) + "@" + row.getString(1));
    }
    return out;
  }

  /** Lets the inference thread, idle, reach its next look at the versions. */
  private static void waitForALook() throws InterruptedException {
    Thread.sleep(3 * WATCH);
  }

  @Test
  void versionsAreSwappedBetweenBatchesAndBrokenOnesRefused() throws Exception {
    Path root = dir.resolve("versions");
    publishShipped(root.resolve("v1"));
    byte[] leek = Files.readAllBytes(projectFile("samples/leek.jpg"));
    ModelColumns columns =
        ModelColumns.of(
            ResolvedSchema.of(Column.physical("image", DataTypes.BYTES())),
            ResolvedSchema.of(
                Column.physical("text", DataTypes.STRING()),
                Column.physical("model_version", DataTypes.STRING())));
    InferenceSettings settings =
        InferenceSettings.builder(root.toString())
            .device("cpu")
            .batchSize(4)
            .maxWaitMillis(20)
            .modelWatchMillis(WATCH)
            .build();
    BatchingPredictFunction f =
        new BatchingPredictFunction(new ModelSetup(settings, 1 << 20, 1 << 22, columns));
    f.open(new FunctionContext(null));
    try {
      assertEquals(
          List.of("leek@v1", "leek@v1", "leek@v1", "leek@v1", "leek@v1"), read(f, leek, 5));
      publishShipped(root.resolve("v2"));
      waitForALook();
      assertEquals(List.of("leek@v2", "leek@v2", "leek@v2"), read(f, leek, 3));
      try (OcrModel random =
          OcrModel.create(
              ModelInfo.untrained("random", GrcnnConfig.COMPACT, Alphabet.DEFAULT), Device.cpu())) {
        random.save(root.resolve("v3"));
      }
      waitForALook(); // random weights: refused by the smoke check
      Path broken = root.resolve("v4");
      publishShipped(broken);
      Files.write(broken.resolve(OcrModel.PARAMS_FILE), new byte[] {1, 2, 3});
      waitForALook(); // parameters that do not load: refused
      assertEquals(List.of("leek@v2", "leek@v2"), read(f, leek, 2));
      publishShipped(root.resolve("v5"));
      waitForALook();
      assertEquals(List.of("leek@v5", "leek@v5"), read(f, leek, 2));
      // A row whose image cannot be read names the version serving, too.
      RowData bad =
          f.asyncPredict(GenericRowData.of((Object) new byte[] {1, 2, 3}))
              .get(10, TimeUnit.SECONDS)
              .iterator()
              .next();
      assertTrue(bad.isNullAt(0));
      assertEquals("v5", bad.getString(1).toString());
    } finally {
      f.close();
    }
  }
}
