package dev.grcnn.ocr.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery with the sinks' pooled transactional ids from an older retained checkpoint at a lower
 * parallelism. Run 1, at parallelism 2 with retained checkpoints, commits a first chunk of crops
 * (the older checkpoint is taken there), two more chunks, and is cancelled while a last chunk is in
 * open transactions. Run 2, restored from the older checkpoint at parallelism 1, runs unbounded
 * until every crop after that checkpoint has come out again, and is stopped with a savepoint, which
 * commits. Then: no crop is lost; run 2 wrote exactly the crops after the older checkpoint, each
 * once; the only duplicates are results that run 1 committed after the older checkpoint (exactly
 * once holds per run from the restored state: restoring an older checkpoint replays what came after
 * it, and the broker cannot take back what was committed); the last stable offsets are at the end
 * of the output, and no transaction of the job is left {@code ONGOING} (run 1's cancel leaves some,
 * of either subtask; the restored sink must abort them).
 */
class OlderCheckpointRescaleTest {

  @RegisterExtension static final BrokerAndModel fixture = BrokerAndModel.untrained();

  /** Where the runs keep their checkpoints and savepoints. */
  @TempDir static Path dir;

  @Test
  void anOlderCheckpointRestoredAtParallelismOneLosesNothingAndLeavesNoTransactionOpen()
      throws Exception {
    String prefix = "rescale";
    int chunk = 24;
    int n = 4 * chunk;
    fixture.createTopics(prefix, 2);
    String text = prefix + ".text";
    Path checkpoints = dir.resolve("checkpoints");
    Configuration retained = new Configuration();
    retained.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    retained.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    retained.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 1000);

    // Both runs unbounded: restored splits keep the stopping offsets they were checkpointed with,
    // so a bounded run 2 restored from an unbounded run 1 would never end.
    Configuration settings = fixture.config(prefix);
    settings.set(OcrJobOptions.INPUT_BOUNDED, false);
    settings.set(OcrJobOptions.CHECKPOINT_INTERVAL_MS, 300L);

    // Run 1, parallelism 2: the first chunk, the older checkpoint, two more chunks committed, a
    // last chunk during which the job is cancelled with a transaction open.
    StreamExecutionEnvironment first = JobTestSupport.environment(retained);
    first.setParallelism(2);
    OcrStreamingJob.build(first, OcrJobConfig.from(settings));
    JobClient job = first.executeAsync(prefix + "-p2");
    Path older;
    Path jobCheckpoints = checkpoints.resolve(job.getJobID().toHexString());
    List<String> openAtCancel;
    try {
      produce(prefix, 0, chunk);
      awaitRecords(text, r -> ids(r).size() >= chunk, "the first chunk");
      // The first chunk's results are committed, so a completed checkpoint holds all its input
      // and no crop comes before the next chunk: every checkpoint from here on holds the source
      // at the end of the first chunk in each partition.
      List<Path> done = awaitCompleted(jobCheckpoints, 1);
      older = done.get(done.size() - 1);
      for (int c = 1; c < 3; c++) {
        produce(prefix, c * chunk, chunk);
      }
      awaitRecords(text, r -> ids(r).size() >= 3 * chunk, "three chunks");
      int after = awaitCompleted(jobCheckpoints, 1).size();
      awaitCompleted(jobCheckpoints, after + 2); // it keeps going past the older checkpoint
      produce(prefix, 3 * chunk, chunk);
      openAtCancel = awaitOngoing(prefix + "-text", Duration.ofSeconds(20));
    } finally {
      job.cancel().get(60, TimeUnit.SECONDS);
    }
    List<Path> all = awaitCompleted(jobCheckpoints, 1);
    assertTrue(all.indexOf(older) < all.size() - 2, "restoring " + older + " of " + all);
    Map<TopicPartition, Long> run1End = endOffsets(text, IsolationLevel.READ_UNCOMMITTED);
    List<String> ongoingAfterRun1 = ongoingTransactions(prefix);
    List<Record> run1 = records(readAll(text));
    Map<String, Integer> run1Counts = counts(run1);
    assertTrue(
        run1Counts.values().stream().allMatch(c -> c == 1),
        "run 1 on its own wrote each id at most once: " + run1Counts);
    for (int i = 0; i < 3 * chunk; i++) {
      assertEquals(1, run1Counts.getOrDefault(id(i), 0), "run 1 committed " + id(i));
    }

    // Run 2, parallelism 1, from the older checkpoint: it replays every crop after the first
    // chunk, until each has come out again; then stop with a savepoint, which commits.
    Configuration restore = new Configuration(retained);
    restore.set(StateRecoveryOptions.SAVEPOINT_PATH, older.toUri().toString());
    StreamExecutionEnvironment second = JobTestSupport.environment(restore);
    second.setParallelism(1);
    OcrStreamingJob.build(second, OcrJobConfig.from(settings));
    JobClient restored = second.executeAsync(prefix + "-p1");
    Set<String> replayed = ids(chunk, n);
    try {
      awaitRecords(
          text,
          r -> ids(writtenAfter(r, run1End)).containsAll(replayed),
          "every crop after the older checkpoint, again, from run 2");
    } finally {
      restored
          .stopWithSavepoint(
              false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.DEFAULT)
          .get(120, TimeUnit.SECONDS);
    }

    // read_committed readers reach the end of the output: no open transaction holds the last
    // stable offset below the end, and the broker lists none of the job's as ONGOING.
    assertEquals(
        endOffsets(text, IsolationLevel.READ_UNCOMMITTED),
        endOffsets(text, IsolationLevel.READ_COMMITTED),
        "last stable offsets at the end of the output");
    assertEquals(List.of(), ongoingTransactions(prefix), "transactions left ONGOING");

    List<Record> everything = records(readAll(text));
    List<Record> run2 = writtenAfter(everything, run1End);
    Map<String, Integer> run2Counts = counts(run2);
    // No id lost.
    assertEquals(ids(0, n), new TreeSet<>(counts(everything).keySet()), "every crop");
    // Exactly once per run from the restored state: run 2 writes every crop after the older
    // checkpoint's source offsets once, and none before them (they are in its state already).
    assertEquals(replayed, new TreeSet<>(run2Counts.keySet()), "what run 2 wrote");
    assertTrue(
        run2Counts.values().stream().allMatch(c -> c == 1),
        "run 2 wrote each id once: " + run2Counts);
    // Duplicates are exactly the results run 1 committed after the older checkpoint: a restore
    // from an older checkpoint repeats them; nothing else comes out twice.
    Set<String> duplicated = new TreeSet<>(run1Counts.keySet());
    duplicated.retainAll(run2Counts.keySet());
    Set<String> committedByRun1AfterOlder = new TreeSet<>(run1Counts.keySet());
    committedByRun1AfterOlder.retainAll(replayed);
    assertEquals(committedByRun1AfterOlder, duplicated, "duplicates");
    System.out.printf(
        "restored %s at parallelism 1: %d crops, %d written twice (committed by run 1 after the"
            + " older checkpoint), run 1's transactions open at its cancel %s, ONGOING after it"
            + " %s%n",
        older.getFileName(), n, duplicated.size(), openAtCancel, ongoingAfterRun1);
  }

  private record Record(TopicPartition partition, long offset, String id) {}

  private static List<Record> records(List<ConsumerRecord<byte[], byte[]>> records)
      throws IOException {
    List<Record> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      out.add(
          new Record(
              new TopicPartition(r.topic(), r.partition()),
              r.offset(),
              JSON.readTree(r.value()).get("id").asText()));
    }
    return out;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, Integer> counts(List<Record> records) {
    Map<String, Integer> counts = new TreeMap<>();
    records.forEach(r -> counts.merge(r.id(), 1, Integer::sum));
    return counts;
  }

  private static Set<String> ids(List<Record> records) {
    return records.stream().map(Record::id).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> ids(int from, int to) {
    return Stream.iterate(from, i -> i + 1)
        .limit(to - from)
        .map(OlderCheckpointRescaleTest::id)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The records at or after the given end offsets: those written after run 1 was cancelled. */
  private static List<Record> writtenAfter(List<Record> records, Map<TopicPartition, Long> end) {
    return records.stream().filter(r -> r.offset() >= end.getOrDefault(r.partition(), 0L)).toList();
  }

  /** Reads the topic (read_committed, a fresh group each time) until {@code done} holds. */
  private static void awaitRecords(String topic, Predicate<List<Record>> done, String what)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    List<Record> seen = List.of();
    while (System.nanoTime() < deadline) {
      seen = records(readAll(topic));
      if (done.test(seen)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(what + ": not within 2 min, read_committed " + counts(seen));
  }

  /**
   * Everything committed to a topic up to its last stable offset now, in a consumer group of its
   * own each time (the shared helper's group keeps its offsets between calls).
   */
  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    Properties p = fixture.kafka().clientProperties();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          c.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions); // the last stable offsets
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp))
          && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  private static Map<TopicPartition, Long> endOffsets(String topic, IsolationLevel isolation)
      throws Exception {
    try (Admin admin = Admin.create(fixture.kafka().clientProperties())) {
      int partitions =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(60, TimeUnit.SECONDS)
              .get(topic)
              .partitions()
              .size();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int i = 0; i < partitions; i++) {
        latest.put(new TopicPartition(topic, i), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> out = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
      admin
          .listOffsets(latest, new ListOffsetsOptions(isolation))
          .all()
          .get(60, TimeUnit.SECONDS)
          .forEach((tp, info) -> out.put(tp, info.offset()));
      return out;
    }
  }

  /** Waits (at most {@code timeout}) until transactions of an id prefix are ONGOING; lists them. */
  private static List<String> awaitOngoing(String prefix, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> open = ongoingTransactions(prefix);
    while (open.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      open = ongoingTransactions(prefix);
    }
    return open;
  }

  private static String id(int i) {
    return String.format("crop-%03d", i);
  }

  private static void produce(String prefix, int from, int count) throws Exception {
    fixture.sendWords(prefix + ".crops", from, count, OlderCheckpointRescaleTest::id);
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
    try (Admin admin = Admin.create(fixture.kafka().clientProperties())) {
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
