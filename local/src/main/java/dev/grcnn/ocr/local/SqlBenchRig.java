package dev.grcnn.ocr.local;

import dev.grcnn.ocr.testkit.KafkaBroker;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;

/**
 * The SQL path as the job benchmark measures it: {@code INSERT INTO} a Kafka results table, exactly
 * once, {@code FROM ML_PREDICT} over a Kafka table of crops, on a local Flink, with the same batch
 * size, max-wait, checkpoint interval and parallelism as the job. Results are JSON with the job's
 * field names for what {@link CropRound} reads ({@code batchSize}, {@code inferenceMillis}), so its
 * rounds measure both paths alike. Closing cancels the query; the broker is the caller's.
 */
final class SqlBenchRig implements AutoCloseable {

  static final String IN = "bench.sql.crops";
  static final String OUT = "bench.sql.text";

  /** No dead letters on the SQL path (a bad image is a row with an error): an empty topic. */
  static final String DEAD = "bench.sql.none";

  private final String bootstrap;
  private final JobClient query;
  final CropFeeder feeder;

  SqlBenchRig(BenchRig.JobSettings s, KafkaBroker kafka) throws Exception {
    bootstrap = kafka.bootstrapServers();
    kafka.createTopics(s.parallelism(), List.of(IN, OUT, DEAD));
    TableEnvironment tables = SqlRunner.tableEnvironment(s.batchSize());
    tables.getConfig().set("parallelism.default", Integer.toString(s.parallelism()));
    tables.getConfig().set("execution.checkpointing.interval", s.checkpointMillis() + " ms");
    tables.executeSql(
        "CREATE TABLE crops (id STRING, image BYTES) WITH ('connector' = 'kafka', 'topic' = '"
            + IN
            + "', 'properties.bootstrap.servers' = '"
            + bootstrap
            + "', 'properties.group.id' = 'bench-sql', 'scan.startup.mode' = 'earliest-offset',"
            + " 'properties.isolation.level' = 'read_committed', 'key.format' = 'raw',"
            + " 'key.fields' = 'id', 'value.format' = 'raw', 'value.fields-include' = 'EXCEPT_KEY')");
    tables.executeSql(model(s));
    tables.executeSql(
        "CREATE TABLE results (id STRING, text STRING, confidence DOUBLE, batchSize INT,"
            + " inferenceMillis BIGINT, error STRING) WITH ('connector' = 'kafka', 'topic' = '"
            + OUT
            + "', 'properties.bootstrap.servers' = '"
            + bootstrap
            + "', 'key.format' = 'raw', 'key.fields' = 'id', 'value.format' = 'json',"
            + " 'sink.delivery-guarantee' = 'exactly-once',"
            + " 'sink.transactional-id-prefix' = 'bench-sql',"
            + " 'properties.transaction.timeout.ms' = '600000')");
    TableResult insert =
        tables.executeSql(
            "INSERT INTO results SELECT id, text, confidence, batch_size, inference_millis, error"
                + " FROM ML_PREDICT(TABLE crops, MODEL grcnn, DESCRIPTOR(image))");
    query = insert.getJobClient().orElseThrow();
    feeder = new CropFeeder(bootstrap, IN);
  }

  private static String model(BenchRig.JobSettings s) {
    Path dir = s.modelDir().toAbsolutePath();
    return "CREATE MODEL grcnn INPUT (image BYTES) OUTPUT (text STRING, confidence DOUBLE,"
        + " batch_size INT, inference_millis BIGINT, error STRING) WITH ('provider' = 'grcnn',"
        + " 'model.dir' = '"
        + dir.toString().replace("'", "''")
        + "', 'device' = '"
        + s.device()
        + "', 'batch.size' = '"
        + s.batchSize()
        + "', 'batch.max-wait' = '"
        + s.maxWaitMillis()
        + " ms')";
  }

  /** A round of {@code n} crops with ids {@code prefix-i} through the query. */
  CropRound round(String prefix, int n, List<byte[]> crops, double rate)
      throws InterruptedException {
    CropRound round = new CropRound(prefix, n, OUT, DEAD);
    round.run(bootstrap, feeder, crops, rate);
    return round;
  }

  @Override
  public void close() throws Exception {
    try {
      feeder.close();
    } finally {
      query.cancel().get();
    }
  }
}
