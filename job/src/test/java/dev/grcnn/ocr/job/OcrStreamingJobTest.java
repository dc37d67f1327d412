package dev.grcnn.ocr.job;

import static dev.grcnn.ocr.job.JobTestSupport.environment;
import static dev.grcnn.ocr.job.JobTestSupport.header;
import static dev.grcnn.ocr.job.JobTestSupport.idCounts;
import static dev.grcnn.ocr.job.JobTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grcnn.ocr.operators.DecodedCrop;
import dev.grcnn.ocr.operators.InputFormat;
import dev.grcnn.ocr.testkit.WordCrops;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole job against a real broker in this JVM and a Flink MiniCluster. */
class OcrStreamingJobTest {

  @RegisterExtension static final BrokerAndModel fixture = BrokerAndModel.untrained();

  static byte[] png(int seed) {
    return WordCrops.png("w" + seed);
  }

  private static void produce(String topic, int n) throws Exception {
    fixture.sendWords(topic, 0, n, i -> "id-" + i);
  }

  @Test
  void keysThatAreNotUtf8ComeBackAsTheyCame() throws Exception {
    String prefix = "keys";
    fixture.createTopics(prefix, 1);
    // Both decode to U+FFFD; encoded again they would be one key, EF BF BD.
    List<byte[]> keys = List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xfe});
    try (KafkaProducer<byte[], byte[]> producer = fixture.producer()) {
      for (int i = 0; i < keys.size(); i++) {
        producer.send(new ProducerRecord<>(prefix + ".crops", keys.get(i), png(i)));
      }
    }
    StreamExecutionEnvironment env = environment();
    OcrStreamingJob.build(env, OcrJobConfig.from(fixture.config(prefix)));
    env.execute(prefix);
    List<ConsumerRecord<byte[], byte[]>> texts =
        fixture.readCommitted(prefix + ".text", keys.size());
    assertEquals(keys.size(), texts.size());
    Set<String> returned = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : texts) {
      returned.add(Arrays.toString(r.key()));
    }
    assertEquals(Set.of("[-1]", "[-2]"), returned);
  }

  @Test
  void everyRecordEndsInExactlyOneOutputWithDeadLettersExplained() throws Exception {
    String prefix = "e2e";
    fixture.createTopics(prefix, 2);
    Map<String, byte[]> bad = new HashMap<>();
    bad.put("bad-empty", new byte[0]);
    bad.put("bad-text", "hello".getBytes(StandardCharsets.UTF_8));
    byte[] whole = png(99);
    bad.put("bad-truncated", Arrays.copyOf(whole, whole.length / 2));
    try (KafkaProducer<byte[], byte[]> producer = fixture.producer()) {
      for (int i = 0; i < 20; i++) {
        producer.send(new ProducerRecord<>(prefix + ".crops", utf8("id-" + i), png(i)));
      }
      ProducerRecord<byte[], byte[]> withLexicon =
          new ProducerRecord<>(prefix + ".crops", utf8("lexicon"), png(7));
      // A lexicon of one word leaves the model no other answer, whatever its weights.
      withLexicon.headers().add("ocr.lexicon", "Exit".getBytes(StandardCharsets.UTF_8));
      producer.send(withLexicon);
      ProducerRecord<byte[], byte[]> badLexicon =
          new ProducerRecord<>(prefix + ".crops", utf8("bad-lexicon"), png(8));
      badLexicon.headers().add("ocr.lexicon", new byte[] {(byte) 0xff, (byte) 0xfe});
      producer.send(badLexicon);
      for (Map.Entry<String, byte[]> e : bad.entrySet()) {
        producer.send(new ProducerRecord<>(prefix + ".crops", utf8(e.getKey()), e.getValue()));
      }
    }
    StreamExecutionEnvironment env = environment();
    OcrStreamingJob.build(env, OcrJobConfig.from(fixture.config(prefix)));
    JobExecutionResult run = env.execute("e2e");
    assertEquals(0, RestartsReporter.restarts(run.getJobID()), "bad input never restarts the job");

    ObjectMapper json = new ObjectMapper();
    Set<String> ids = new HashSet<>();
    List<ConsumerRecord<byte[], byte[]>> texts = fixture.readCommitted(prefix + ".text", 21);
    for (ConsumerRecord<byte[], byte[]> r : texts) {
      JsonNode result = json.readTree(r.value());
      ids.add(result.get("id").asText());
      if (result.get("id").asText().equals("lexicon")) {
        assertEquals("exit", result.get("text").asText());
        assertEquals("record-lexicon", result.get("decoding").asText());
      }
      assertEquals(prefix + ".crops", result.get("topic").asText());
    }
    assertEquals(21, texts.size(), "each good crop once");
    assertEquals(21, ids.size());
    List<ConsumerRecord<byte[], byte[]>> dead = fixture.readCommitted(prefix + ".dead", 4);
    Map<String, String> kinds = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : dead) {
      String id = new String(r.key(), StandardCharsets.UTF_8);
      kinds.put(id, header(r, "ocr.error.kind"));
      assertTrue(!header(r, "ocr.error.reason").isBlank());
      if (bad.containsKey(id)) {
        assertArrayEquals(bad.get(id), r.value(), "the original value comes back");
      }
    }
    assertEquals(
        Map.of(
            "bad-empty", "EMPTY",
            "bad-text", "NOT_AN_IMAGE",
            "bad-truncated", "CORRUPT",
            "bad-lexicon", "BAD_LEXICON"),
        kinds);
    assertEquals(4, dead.size(), "in = out + dead");
  }

  @Test
  void jsonEnvelopesCarryTheirIdLexiconAndMetaIntoTheResults() throws Exception {
    String prefix = "envelope";
    fixture.createTopics(prefix, 2);
    ObjectMapper json = new ObjectMapper();
    // id in the envelope -> the lexicon word (one word: the only possible answer) and its meta.
    Map<String, String[]> sent = new HashMap<>();
    try (KafkaProducer<byte[], byte[]> producer = fixture.producer()) {
      for (int i = 0; i < 6; i++) {
        String id = "cam-" + i + "/frame-" + (100 + i);
        String word = "word" + (char) ('a' + i);
        String meta = "{\"camera\":" + i + ",\"box\":[1,2,30,40],\"tags\":{\"lane\":\"ü\"}}";
        // Lexicon as a string for even crops, as an array for odd ones.
        String lexicon = i % 2 == 0 ? "\"" + word + "\"" : "[\"" + word + "\"]";
        String envelope =
            String.format(
                "{\"id\":\"%s\",\"image\":\"%s\",\"lexicon\":%s,\"meta\":%s}",
                id, Base64.getEncoder().encodeToString(png(i)), lexicon, meta);
        sent.put(id, new String[] {word, meta});
        // The record key differs from the envelope's id: the envelope wins.
        producer.send(new ProducerRecord<>(prefix + ".crops", utf8("key-" + i), utf8(envelope)));
      }
      // Only an image: the record key is the id, greedy decoding, no meta in the result.
      producer.send(
          new ProducerRecord<>(
              prefix + ".crops",
              utf8("bare"),
              utf8("{\"image\":\"" + Base64.getEncoder().encodeToString(png(9)) + "\"}")));
    }
    Configuration settings = fixture.config(prefix);
    settings.set(OcrJobOptions.INPUT_FORMAT, InputFormat.JSON);
    StreamExecutionEnvironment env = environment();
    OcrStreamingJob.build(env, OcrJobConfig.from(settings));
    JobExecutionResult run = env.execute("envelope");
    assertEquals(0, RestartsReporter.restarts(run.getJobID()));

    List<ConsumerRecord<byte[], byte[]>> texts = fixture.readCommitted(prefix + ".text", 7);
    assertEquals(7, texts.size(), "one result per envelope");
    Set<String> seen = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : texts) {
      JsonNode result = json.readTree(r.value());
      String id = result.get("id").asText();
      assertEquals(id, utf8(r.key()), "results are keyed by the envelope's id");
      seen.add(id);
      if (id.equals("bare")) {
        assertEquals("greedy", result.get("decoding").asText());
        assertFalse(result.has("meta"), "no meta in, none out");
        continue;
      }
      String[] expected = sent.get(id);
      assertEquals(expected[0], result.get("text").asText(), id);
      assertEquals("record-lexicon", result.get("decoding").asText(), id);
      assertEquals(json.readTree(expected[1]), result.get("meta"), "meta passes through " + id);
    }
    Set<String> ids = new HashSet<>(sent.keySet());
    ids.add("bare");
    assertEquals(ids, seen);
    assertEquals(0, fixture.readCommitted(prefix + ".dead", 0).size());
  }

  /** Throws once, after a checkpoint completed and some crops passed; paces crops till then. */
  static final class FailOnce implements MapFunction<DecodedCrop, DecodedCrop>, CheckpointListener {
    private static final long serialVersionUID = 1L;
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger CHECKPOINTS = new AtomicInteger();
    private int seen;

    @Override
    public DecodedCrop map(DecodedCrop crop) throws Exception {
      seen++;
      if (!FAILED.get()) {
        // Slow until the failure so that checkpoints complete and results wait in open
        // transactions when it strikes.
        Thread.sleep(20);
        if (seen >= 10 && CHECKPOINTS.get() > 0 && FAILED.compareAndSet(false, true)) {
          throw new IllegalStateException("injected failure");
        }
      }
      return crop;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      CHECKPOINTS.incrementAndGet();
    }
  }

  @Test
  void aFailureMidStreamStillGivesEachCropExactlyOnce() throws Exception {
    String prefix = "failure";
    int n = 80;
    fixture.createTopics(prefix, 2);
    produce(prefix + ".crops", n);
    Configuration settings = fixture.config(prefix);
    settings.set(OcrJobOptions.CHECKPOINT_INTERVAL_MS, 200L);
    StreamExecutionEnvironment env = environment();
    OcrStreamingJob.build(env, OcrJobConfig.from(settings), s -> s.map(new FailOnce()));
    JobExecutionResult run = env.execute("failure");

    assertTrue(FailOnce.FAILED.get(), "the failure was injected");
    assertEquals(1, RestartsReporter.restarts(run.getJobID()), "the one failure, one restart");
    List<ConsumerRecord<byte[], byte[]>> texts = fixture.readCommitted(prefix + ".text", n);
    Map<String, Integer> counts = idCounts(texts);
    assertEquals(n, counts.size(), "every crop came out");
    counts.forEach((id, c) -> assertEquals(1, c, id + " once"));
    assertEquals(
        0, fixture.readCommitted(prefix + ".dead", 0).size(), "the failure is no dead letter");
  }

  @Test
  void batchesAreFlushedAtCheckpointsNotHeldAcrossThem() throws Exception {
    String prefix = "flush";
    int n = 10;
    fixture.createTopics(prefix, 1);
    Configuration settings = fixture.config(prefix);
    // Neither the size nor the timer could ever flush: only the checkpoints can.
    settings.set(OcrJobOptions.BATCH_SIZE, 100_000);
    settings.set(OcrJobOptions.BATCH_MAX_WAIT_MS, 3_600_000L);
    settings.set(OcrJobOptions.INPUT_BOUNDED, false);
    settings.set(OcrJobOptions.CHECKPOINT_INTERVAL_MS, 300L);
    StreamExecutionEnvironment env = environment();
    env.setParallelism(1);
    OcrStreamingJob.build(env, OcrJobConfig.from(settings));
    JobClient job = env.executeAsync("flush");
    try {
      produce(prefix + ".crops", n);
      Map<String, Integer> counts = idCounts(fixture.readCommitted(prefix + ".text", n));
      assertEquals(n, counts.size(), "results came out while the job still runs");
      counts.forEach((id, c) -> assertEquals(1, c, id + " once"));
    } finally {
      job.cancel().get();
    }
  }
}
