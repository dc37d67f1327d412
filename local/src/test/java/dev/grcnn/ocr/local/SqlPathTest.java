package dev.grcnn.ocr.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grcnn.ocr.job.OcrJobOptions;
import dev.grcnn.ocr.testkit.EmbeddedKafka;
import dev.grcnn.ocr.testkit.KafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL path (ML_PREDICT with the grcnn provider) through a local Flink and the in-JVM broker,
 * beside the DataStream job on the same crops: the samples and one file that is not an image.
 */
class SqlPathTest {

  private static final String BROKEN = "broken.png";

  @TempDir static Path crops;

  static Path projectFile(String name) {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(name))) {
        return p.resolve(name);
      }
    }
    throw new IllegalStateException("no " + name + " above " + Path.of("").toAbsolutePath());
  }

  @BeforeAll
  static void samplesAndABrokenFile() throws Exception {
    for (Path f : CropFeeder.files(projectFile("samples"))) {
      Files.copy(f, crops.resolve(f.getFileName()));
    }
    byte[] noise = new byte[300];
    new Random(7).nextBytes(noise);
    Files.write(crops.resolve(BROKEN), noise);
  }

  /** Alternatives of each reading on both paths in the comparison. */
  private static final int K = 3;

  private static SqlRunner runner(StringWriter out) {
    return new SqlRunner(projectFile("models/default"), "cpu", 4, K, new PrintWriter(out, true));
  }

  /** {@code [(text, 0.9000), (texts, 0.0500)]} as printed on both paths, in order. */
  private static List<String[]> alternatives(String printed) {
    List<String[]> out = new ArrayList<>();
    String inner = printed.substring(1, printed.length() - 1);
    for (String item : inner.split("\\), ?")) {
      String[] pair = item.replace("(", "").replace(")", "").split(", ");
      out.add(pair);
    }
    return out;
  }

  /** Lines that are not comments, split at tabs, by their first field. */
  private static Map<String, String[]> rowsById(String printed) {
    Map<String, String[]> rows = new HashMap<>();
    printed
        .lines()
        .filter(l -> !l.startsWith("#"))
        .forEach(
            l -> {
              String[] fields = l.split("\t", -1);
              assertTrue(rows.put(fields[0], fields) == null, "twice: " + l);
            });
    return rows;
  }

  @Test
  void mlPredictReadsAsTheDataStreamJobAndNamesWhyAnImageCannotBeRead() throws Exception {
    List<Path> files = CropFeeder.files(crops);
    StringWriter sql = new StringWriter();
    try (KafkaBroker kafka = EmbeddedKafka.start()) {
      runner(sql)
          .run(
              kafka,
              files,
              List.of(
                  "SELECT id, text, confidence, model_version, error, alternatives FROM"
                      + " ML_PREDICT(TABLE crops, MODEL grcnn, DESCRIPTOR(image))"),
              true);
    }
    StringWriter job = new StringWriter();
    Map<String, String> settings = new HashMap<>();
    settings.put(OcrJobOptions.MODEL_DIR.key(), projectFile("models/default").toString());
    settings.put(OcrJobOptions.MODEL_DEVICE.key(), "cpu");
    settings.put(OcrJobOptions.OUTPUT_ALTERNATIVES.key(), Integer.toString(K));
    new LocalRunner(settings, new PrintWriter(job, true)).run(files, true);

    Map<String, String[]> sqlRows = rowsById(sql.toString());
    Map<String, String[]> jobRows = rowsById(job.toString());
    assertEquals(files.size(), sqlRows.size(), sql.toString());
    assertEquals(files.size(), jobRows.size(), job.toString());
    int same = 0;
    for (Path f : files) {
      String id = f.getFileName().toString();
      String[] s = sqlRows.get(id);
      String[] j = jobRows.get(id);
      if (id.equals(BROKEN)) {
        assertEquals("null", s[1], "no text for a bad image");
        assertTrue(s[4].startsWith("NOT_AN_IMAGE: "), s[4]);
        assertEquals("null", s[5], "no alternatives for a bad image");
        assertEquals("DEAD", j[1]);
        assertEquals("NOT_AN_IMAGE", j[2]);
        continue;
      }
      assertEquals(j[1], s[1], "text of " + id);
      // Batches of other sizes may differ in the last float bits, not in four places.
      assertEquals(Double.parseDouble(j[2]), Double.parseDouble(s[2]), 2e-4, "confidence of " + id);
      assertEquals("null", s[4], "no error for " + id);
      assertNotNull(s[3]);
      // The same k readings, the text first; others of near-equal probability may change places.
      List<String[]> sqlAlternatives = alternatives(s[5]);
      List<String[]> jobAlternatives = alternatives(j[4]);
      // Up to k: a crop read with near certainty has fewer readings within the beam's reach.
      assertTrue(sqlAlternatives.size() >= 1 && sqlAlternatives.size() <= K, s[5]);
      assertTrue(jobAlternatives.size() >= 1 && jobAlternatives.size() <= K, j[4]);
      assertEquals(s[1], sqlAlternatives.get(0)[0], "the text first: " + s[5]);
      assertEquals(s[2], sqlAlternatives.get(0)[1], "with its confidence: " + s[5]);
      for (String[] a : sqlAlternatives) {
        for (String[] b : jobAlternatives) {
          if (a[0].equals(b[0])) {
            assertEquals(Double.parseDouble(b[1]), Double.parseDouble(a[1]), 2e-4, id + " " + a[0]);
          }
        }
      }
      same++;
    }
    assertEquals(files.size() - 1, same);
  }

  @Test
  void insertIntoAKafkaTableWritesEachCropOnceExactlyOnce() throws Exception {
    List<Path> files = CropFeeder.files(crops);
    List<JsonNode> committed = new ArrayList<>();
    try (KafkaBroker kafka = EmbeddedKafka.start()) {
      kafka.createTopics(1, List.of("ocr.sql.text"));
      String results =
          "CREATE TABLE results (id STRING, text STRING, confidence DOUBLE,"
              + " character_confidences ARRAY<DOUBLE>, error STRING) WITH ('connector' = 'kafka',"
              + " 'topic' = 'ocr.sql.text', 'properties.bootstrap.servers' ="
              + " '${bootstrap.servers}', 'key.format' = 'raw', 'key.fields' = 'id', 'value.format' = 'json',"
              + " 'sink.delivery-guarantee' = 'exactly-once',"
              + " 'properties.transaction.timeout.ms' = '600000',"
              + " 'sink.transactional-id-prefix' = 'ocr-sql-test')";
      String insert =
          "INSERT INTO results SELECT id, text, confidence, character_confidences, error"
              + " FROM ML_PREDICT(TABLE crops, MODEL grcnn, DESCRIPTOR(image))";
      runner(new StringWriter()).run(kafka, files, List.of(results, insert), true);
      try (CommittedTail tail =
          new CommittedTail(kafka.bootstrapServers(), List.of("ocr.sql.text"), true)) {
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (committed.size() < files.size() && System.nanoTime() < deadline) {
          tail.poll(
              Duration.ofMillis(200),
              r -> {
                try {
                  committed.add(json.readTree(new String(r.value(), StandardCharsets.UTF_8)));
                } catch (java.io.IOException e) {
                  throw new IllegalStateException(e);
                }
              });
        }
        tail.poll(Duration.ofSeconds(1), r -> committed.add(null)); // nothing more may come
      }
    }
    assertEquals(files.size(), committed.size(), committed.toString());
    assertEquals(
        files.size(), committed.stream().map(n -> n.get("id").asText()).distinct().count());
    for (JsonNode n : committed) {
      if (n.get("id").asText().equals(BROKEN)) {
        assertTrue(n.get("text").isNull());
        continue;
      }
      assertEquals(n.get("text").asText().length(), n.get("character_confidences").size());
    }
  }

  @Test
  void theAlternativesColumnWithoutItsOptionOrWithTooManyIsRefused() {
    String column = "alternatives ARRAY<ROW<text STRING, confidence DOUBLE>>";
    assertTrue(
        refusal(column, "").contains("the output column alternatives needs 'output.alternatives'"));
    assertTrue(
        refusal(column, ", 'output.alternatives' = '11'")
            .contains("'output.alternatives' must be between 0 and 10, not 11"));
    assertTrue(
        refusal("alternatives ARRAY<STRING>", ", 'output.alternatives' = '2'")
            .contains("must be ARRAY<ROW<text STRING, confidence DOUBLE>>"));
  }

  /** Every message of the failure to plan a query on a model with this output and options. */
  private static String refusal(String output, String options) {
    TableEnvironment tables = SqlRunner.tableEnvironment(4);
    tables.executeSql(SqlRunner.cropsTable("localhost:1", true));
    tables.executeSql(
        "CREATE MODEL m INPUT (image BYTES) OUTPUT ("
            + output
            + ") WITH ('provider' = 'grcnn', 'model.dir' = '"
            + projectFile("models/default")
            + "'"
            + options
            + ")");
    Throwable e =
        assertThrows(
            ValidationException.class,
            () ->
                tables
                    .sqlQuery("SELECT * FROM ML_PREDICT(TABLE crops, MODEL m, DESCRIPTOR(image))")
                    .explain());
    StringBuilder all = new StringBuilder();
    for (; e != null; e = e.getCause()) {
      all.append(e.getMessage()).append('\n');
    }
    return all.toString();
  }

  @Test
  void aModelWithAnOutputColumnTheProviderCannotFillIsRefusedWithItsName() {
    String all = refusal("label STRING", "");
    assertTrue(all.contains("no output column label"), all);
  }
}
