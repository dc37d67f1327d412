package dev.grcnn.ocr.local;

import dev.grcnn.ocr.testkit.EmbeddedKafka;
import dev.grcnn.ocr.testkit.KafkaBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * {@code ocr sql}: Flink SQL on a local Flink in this JVM, beside a Kafka broker in this JVM. The
 * table {@code crops} (key {@code id}, value {@code image}, both raw) reads the input topic, fed
 * with the given crops, and the model {@code grcnn} is created; then the statements run, a query's
 * rows printed one a line, fields separated by tabs.
 */
public final class SqlRunner {

  /** The input topic behind the table {@code crops}. */
  public static final String TOPIC = "ocr.crops";

  /** Stands for the in-JVM broker's address in the user's statements. */
  public static final String BOOTSTRAP_SERVERS = "${bootstrap.servers}";

  /** What runs without statements of the user's. */
  public static final String DEFAULT_QUERY =
      "SELECT id, text, confidence FROM ML_PREDICT(TABLE crops, MODEL grcnn, DESCRIPTOR(image))";

  private final Path modelDir;
  private final String device;
  private final int batchSize;
  private final int alternatives;
  private final PrintWriter out;

  /**
   * A runner.
   *
   * @param modelDir the model of {@code grcnn}
   * @param device its device
   * @param batchSize its batch size (rows in flight per task are twice this)
   * @param out where rows are printed
   */
  public SqlRunner(Path modelDir, String device, int batchSize, PrintWriter out) {
    this(modelDir, device, batchSize, 0, out);
  }

  /**
   * A runner whose model {@code grcnn} has the column {@code alternatives} too, when {@code
   * alternatives} is above 0 (its {@code output.alternatives}).
   */
  public SqlRunner(Path modelDir, String device, int batchSize, int alternatives, PrintWriter out) {
    this.modelDir = modelDir;
    this.device = device;
    this.batchSize = batchSize;
    this.alternatives = alternatives;
    this.out = out;
  }

  /**
   * Starts Kafka, feeds the crops and runs the statements.
   *
   * @param crops files to feed, keyed by file name
   * @param statements SQL statements, run in order (the default query when empty)
   * @param untilDone make {@code crops} bounded by the offsets at start, so queries end
   * @return rows printed
   */
  public long run(List<Path> crops, List<String> statements, boolean untilDone) throws Exception {
    try (KafkaBroker kafka = EmbeddedKafka.start()) {
      say("started Kafka in this JVM at " + kafka.bootstrapServers());
      return run(kafka, crops, statements, untilDone);
    }
  }

  /** As {@link #run(List, List, boolean)}, on a broker of the caller's. */
  public long run(KafkaBroker kafka, List<Path> crops, List<String> statements, boolean untilDone)
      throws Exception {
    kafka.createTopics(1, List.of(TOPIC));
    if (!crops.isEmpty()) {
      try (CropFeeder feeder = new CropFeeder(kafka.bootstrapServers(), TOPIC)) {
        feeder.sendFiles(crops, null);
        feeder.flush();
      }
      say("fed " + crops.size() + " crops to " + TOPIC);
    }
    TableEnvironment tables = tableEnvironment(batchSize);
    tables.executeSql(cropsTable(kafka.bootstrapServers(), untilDone));
    tables.executeSql(model(modelDir, device, batchSize, alternatives));
    long rows = 0;
    for (String statement : statements.isEmpty() ? List.of(DEFAULT_QUERY) : statements) {
      rows += execute(tables, statement.replace(BOOTSTRAP_SERVERS, kafka.bootstrapServers()));
    }
    return rows;
  }

  /**
   * A streaming table environment on a local Flink, checkpointing every second, with rows in flight
   * for full batches.
   */
  public static TableEnvironment tableEnvironment(int batchSize) {
    Configuration conf = new Configuration();
    conf.setString("parallelism.default", "1");
    // A failing query gives up after a few restarts instead of retrying for ever.
    conf.setString("restart-strategy.type", "fixed-delay");
    conf.setString("restart-strategy.fixed-delay.attempts", "3");
    conf.setString("restart-strategy.fixed-delay.delay", "1 s");
    // Checkpoints commit what INSERT INTO writes to a Kafka table exactly once.
    conf.setString("execution.checkpointing.interval", "1 s");
    conf.setString(
        "table.exec.async-ml-predict.max-concurrent-operations", Integer.toString(2 * batchSize));
    return TableEnvironment.create(
        EnvironmentSettings.newInstance().inStreamingMode().withConfiguration(conf).build());
  }

  /** {@code crops}: the crop id (record key) and the encoded image (value). */
  public static String cropsTable(String bootstrapServers, boolean bounded) {
    return "CREATE TABLE crops (id STRING, image BYTES) WITH ("
        + "'connector' = 'kafka', 'topic' = '"
        + TOPIC
        + "', 'properties.bootstrap.servers' = '"
        + bootstrapServers
        + "', 'properties.group.id' = 'ocr-sql', 'scan.startup.mode' = 'earliest-offset', "
        + "'key.format' = 'raw', 'key.fields' = 'id', 'value.format' = 'raw', "
        + "'value.fields-include' = 'EXCEPT_KEY'"
        + (bounded ? ", 'scan.bounded.mode' = 'latest-offset'" : "")
        + ")";
  }

  /**
   * {@code grcnn}: the model directory read by the provider of this project; with {@code
   * alternatives} above 0 it has that many in the column {@code alternatives}.
   */
  public static String model(Path modelDir, String device, int batchSize, int alternatives) {
    return "CREATE MODEL grcnn INPUT (image BYTES) OUTPUT (text STRING, confidence DOUBLE,"
        + " character_confidences ARRAY<DOUBLE>, decoding STRING, model_version STRING,"
        + " error STRING"
        + (alternatives > 0 ? ", alternatives ARRAY<ROW<text STRING, confidence DOUBLE>>" : "")
        + ") WITH ('provider' = 'grcnn', 'model.dir' = '"
        + modelDir.toAbsolutePath().toString().replace("'", "''")
        + "', 'device' = '"
        + device
        + "', 'batch.size' = '"
        + batchSize
        + "', 'output.alternatives' = '"
        + alternatives
        + "')";
  }

  private long execute(TableEnvironment tables, String statement) throws Exception {
    TableResult result = tables.executeSql(statement);
    String verb = statement.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
    if (result.getJobClient().isPresent() && (verb.equals("INSERT") || verb.equals("EXECUTE"))) {
      result.await(); // until its job ends (with --until-done), or Ctrl-C
      say("done: " + verb + ", job " + result.getJobClient().get().getJobID());
      return 0;
    }
    return print(result); // a query's rows as they come; what DDL, SHOW and DESCRIBE return
  }

  private long print(TableResult result) throws Exception {
    long rows = 0;
    try (CloseableIterator<Row> it = result.collect()) {
      while (it.hasNext()) {
        out.println(line(it.next()));
        out.flush();
        rows++;
      }
    }
    return rows;
  }

  /**
   * Fields separated by tabs; doubles to four places, as {@code ocr run} prints them, arrays as
   * {@code [a, b]} and rows as {@code (a, b)} ({@code alternatives}: {@code [(text, 0.9000),
   * ...]}).
   */
  static String line(Row row) {
    StringJoiner line = new StringJoiner("\t");
    for (int i = 0; i < row.getArity(); i++) {
      line.add(value(row.getField(i)));
    }
    return line.toString();
  }

  private static String value(Object v) {
    if (v instanceof Double d) {
      return String.format(Locale.ROOT, "%.4f", d);
    }
    if (v instanceof Object[] array) {
      StringJoiner items = new StringJoiner(", ", "[", "]");
      for (Object item : array) {
        items.add(value(item));
      }
      return items.toString();
    }
    if (v instanceof Row row) {
      StringJoiner fields = new StringJoiner(", ", "(", ")");
      for (int i = 0; i < row.getArity(); i++) {
        fields.add(value(row.getField(i)));
      }
      return fields.toString();
    }
    return String.valueOf(v);
  }

  /**
   * SQL text split into statements at semicolons outside quotes and comments; blank ones dropped.
   */
  public static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (quote == 0 && c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end;
        current.append('\n');
        continue;
      }
      if (quote == 0 && (c == '\'' || c == '"' || c == '`')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      }
      if (c == ';' && quote == 0) {
        add(out, current);
      } else {
        current.append(c);
      }
    }
    add(out, current);
    return out;
  }

  private static void add(List<String> out, StringBuilder statement) {
    if (!statement.toString().isBlank()) {
      out.add(statement.toString().strip());
    }
    statement.setLength(0);
  }

  private void say(String line) {
    out.println("# " + line);
    out.flush();
  }
}
