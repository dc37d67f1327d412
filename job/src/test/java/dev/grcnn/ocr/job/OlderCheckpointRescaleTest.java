package dev.grcnn.ocr.job;

import static dev.grcnn.ocr.job.JobTestSupport.createTopics;
import static dev.grcnn.ocr.job.JobTestSupport.idCounts;
import static dev.grcnn.ocr.job.JobTestSupport.producer;
import static dev.grcnn.ocr.job.JobTestSupport.untrainedModel;
import static dev.grcnn.ocr.job.JobTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grcnn.ocr.testkit.EmbeddedKafka;
import dev.grcnn.ocr.testkit.WordCrops;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery with the sinks' pooled transactional ids from an older retained checkpoint at a lower
 * parallelism: the job runs at parallelism 2 with retained checkpoints, goes on past a checkpoint
 * taken early, is cancelled, and is restored from that older checkpoint at parallelism 1 and run to
 * the end of its input. Read {@code read_committed}, every crop comes out (those committed after
 * the older checkpoint twice: a restore from an older checkpoint repeats what came after it), and
 * no transaction of the job is left {@code ONGOING} on the broker, which would also stall every
 * {@code read_committed} reader at its first offset.
 */
class OlderCheckpointRescaleTest {

  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  static Path model;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start();
    model = untrainedModel(dir.resolve("model"));
  }

  @AfterAll
  static void stop() throws Exception {
    kafka.close();
  }

  @Test
  @Disabled(
      "Unfinished: run 2 never ends. Restored with ocr.input.bounded=true, the source's splits keep"
          + " run 1's unbounded stopping offsets, so the bounded run listens on (seen 2026-12-02:"
          + " RUNNING for 16 min). Next: run 2 unbounded, wait for every id read_committed, then"
          + " stop with a savepoint (which commits) before asking for ONGOING transactions.")
  void anOlderCheckpointRestoredAtParallelismOneLosesNothingAndLeavesNoTransactionOpen()
      throws Exception {
    String prefix = "rescale";
    int chunk = 40;
    int n = 4 * chunk;
    createTopics(kafka, prefix, 2);
    Path checkpoints = dir.resolve("checkpoints");
    Configuration retained = new Configuration();
    retained.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    retained.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    retained.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 1000);

    Configuration settings = JobTestSupport.config(kafka, model, prefix);
    settings.set(OcrJobOptions.INPUT_BOUNDED, false);
    settings.set(OcrJobOptions.CHECKPOINT_INTERVAL_MS, 300L);

    // Run 1, parallelism 2: the first chunk, an older checkpoint, the rest, more checkpoints.
    StreamExecutionEnvironment first = JobTestSupport.environment(retained);
    first.setParallelism(2);
    OcrStreamingJob.build(first, OcrJobConfig.from(settings));
    JobClient job = first.executeAsync(prefix + "-p2");
    Path older;
    Path jobCheckpoints = checkpoints.resolve(job.getJobID().toHexString());
    try {
      produce(prefix, 0, chunk);
      assertTrue(committed(prefix + ".text", chunk).size() >= chunk, "first chunk");
      older = awaitCompleted(jobCheckpoints, 1).get(0);
      for (int c = 1; c < 4; c++) {
        produce(prefix, c * chunk, chunk);
      }
      assertEquals(n, idCounts(committed(prefix + ".text", n)).size(), "run 1");
      int after = awaitCompleted(jobCheckpoints, 1).size();
      awaitCompleted(jobCheckpoints, after + 2); // it keeps going past the older checkpoint
    } finally {
      job.cancel().get(60, TimeUnit.SECONDS);
    }
    List<Path> all = awaitCompleted(jobCheckpoints, 1);
    assertTrue(all.indexOf(older) < all.size() - 2, "restoring " + older + " of " + all);

    // Run 2, parallelism 1, from the older checkpoint, to the end of the input.
    Configuration restore = new Configuration(retained);
    restore.set(StateRecoveryOptions.SAVEPOINT_PATH, older.toUri().toString());
    settings.set(OcrJobOptions.INPUT_BOUNDED, true);
    StreamExecutionEnvironment second = JobTestSupport.environment(restore);
    second.setParallelism(1);
    OcrStreamingJob.build(second, OcrJobConfig.from(settings));
    second.execute(prefix + "-p1");

    Map<String, Integer> counts = idCounts(committed(prefix + ".text", 2 * n));
    Set<String> expected =
        Stream.iterate(0, i -> i + 1)
            .limit(n)
            .map(OlderCheckpointRescaleTest::id)
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(expected, new TreeSet<>(counts.keySet()), "every crop, read_committed");
    int repeated = (int) counts.values().stream().filter(c -> c > 1).count();
    System.out.printf(
        "restored %s at parallelism 1: %d crops, %d of them twice%n",
        older.getFileName(), n, repeated);
    assertTrue(repeated > 0, "the older checkpoint was restored: what came after it repeats");
    assertEquals(List.of(), ongoingTransactions(prefix), "transactions left ONGOING");
  }

  /**
   * Everything committed to a topic, from its beginning, in a consumer group of its own each time
   * (the shared helper's group keeps its offsets between calls).
   */
  private static List<ConsumerRecord<byte[], byte[]>> committed(String topic, int expected) {
    Properties p = kafka.clientProperties();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      c.poll(Duration.ofMillis(500)).forEach(out::add);
    }
    return out;
  }

  private static String id(int i) {
    return String.format("crop-%03d", i);
  }

  private static void produce(String prefix, int from, int count) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
      for (int i = from; i < from + count; i++) {
        producer
            .send(new ProducerRecord<>(prefix + ".crops", utf8(id(i)), WordCrops.png("w" + i)))
            .get();
      }
    }
  }

  /**
   * The completed checkpoints of a job (a {@code chk-N} folder with its {@code _metadata}), oldest
   * first, once there are at least {@code n} (at most a minute).
   */
  private static List<Path> awaitCompleted(Path jobCheckpoints, int n) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      List<Path> done = completed(jobCheckpoints);
      if (done.size() >= n || System.nanoTime() > deadline) {
        assertTrue(done.size() >= n, "completed checkpoints " + done + ", wanted " + n);
        return done;
      }
      Thread.sleep(100);
    }
  }

  private static List<Path> completed(Path jobCheckpoints) throws IOException {
    if (!Files.isDirectory(jobCheckpoints)) {
      return List.of();
    }
    List<Path> done = new ArrayList<>();
    try (Stream<Path> folders = Files.list(jobCheckpoints)) {
      folders
          .filter(f -> f.getFileName().toString().startsWith("chk-"))
          .filter(f -> Files.isRegularFile(f.resolve("_metadata")))
          .forEach(done::add);
    }
    done.sort(
        (a, b) ->
            Long.compare(
                Long.parseLong(a.getFileName().toString().substring(4)),
                Long.parseLong(b.getFileName().toString().substring(4))));
    return done;
  }

  /** The job's transactional ids whose transaction the broker holds open. */
  private static List<String> ongoingTransactions(String prefix) throws Exception {
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      return admin
          .listTransactions(
              new ListTransactionsOptions().filterStates(List.of(TransactionState.ONGOING)))
          .all()
          .get(60, TimeUnit.SECONDS)
          .stream()
          .map(TransactionListing::transactionalId)
          .filter(t -> t.startsWith(prefix))
          .sorted()
          .toList();
    }
  }
}
