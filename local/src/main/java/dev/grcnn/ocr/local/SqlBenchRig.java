package dev.grcnn.ocr.local;

import dev.grcnn.ocr.testkit.KafkaBroker;
import java.nio.file.Path;
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
final class SqlBenchRig extends BenchRig {

  private static final String IN = "bench.sql.crops";
  private static final String OUT = "bench.sql.text";

  /** No dead letters on the SQL path (a bad image is a row with an error): an empty topic. */
  private static final String DEAD = "bench.sql.none";

  SqlBenchRig(BenchRig.JobSettings s, KafkaBroker kafka) throws Exception {
    super(kafka, s.parallelism(), IN, OUT, DEAD, bootstrap -> startQuery(s, bootstrap));
  }

  private static JobClient startQuery(BenchRig.JobSettings s, String bootstrap) {
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
    return insert.getJobClient().orElseThrow();
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
}
