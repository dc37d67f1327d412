package dev.grcnn.ocr.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.ModelInfo;
import dev.grcnn.ocr.model.OcrModel;
import dev.grcnn.ocr.operators.DecodedCrop;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole job against a real broker in this JVM and a Flink MiniCluster. */
class OcrStreamingJobTest {

  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  static Path model;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start();
    model = dir.resolve("model");
    try (OcrModel m =
        OcrModel.create(
            ModelInfo.untrained("t", GrcnnConfig.COMPACT, Alphabet.DEFAULT), Device.cpu())) {
      m.save(model);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    kafka.close();
  }

  static byte[] png(int seed) throws Exception {
    BufferedImage image = new BufferedImage(90, 30, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 90, 30);
    g.setColor(Color.BLACK);
    g.drawString("w" + seed, 10, 20);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private static Map<String, String> config(String prefix) {
    Map<String, String> m = new HashMap<>();
    m.put("ocr.kafka.bootstrap-servers", kafka.bootstrapServers());
    m.put("ocr.model.dir", model.toString());
    m.put("ocr.model.device", "cpu");
    m.put("ocr.topic.in", prefix + ".crops");
    m.put("ocr.topic.out", prefix + ".text");
    m.put("ocr.topic.dead-letter", prefix + ".dead");
    m.put("ocr.kafka.group-id", prefix);
    m.put("ocr.transactional-id-prefix", prefix);
    m.put("ocr.batch.size", "8");
    m.put("ocr.batch.max-wait-ms", "20");
    m.put("ocr.checkpoint.interval-ms", "500");
    m.put("ocr.input.bounded", "true");
    return m;
  }

  /** A local environment that restarts a failed job at once, at most three times. */
  private static StreamExecutionEnvironment environment() {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    return env;
  }

  private static void produce(String topic, int n) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < n; i++) {
        producer.send(new ProducerRecord<>(topic, key("id-" + i), png(i)));
      }
    }
  }

  private static Map<String, Integer> idCounts(List<ConsumerRecord<byte[], byte[]>> records)
      throws Exception {
    ObjectMapper json = new ObjectMapper();
    Map<String, Integer> counts = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      counts.merge(json.readTree(r.value()).get("id").asText(), 1, Integer::sum);
    }
    return counts;
  }

  private static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      c.poll(Duration.ofMillis(500)).forEach(out::add); // anything extra would show here
    }
    return out;
  }

  @Test
  void everyRecordEndsInExactlyOneOutputWithDeadLettersExplained() throws Exception {
    String prefix = "e2e";
    kafka.createTopics(2, List.of(prefix + ".crops", prefix + ".text", prefix + ".dead"));
    Map<String, byte[]> bad = new HashMap<>();
    bad.put("bad-empty", new byte[0]);
    bad.put("bad-text", "hello".getBytes(StandardCharsets.UTF_8));
    byte[] whole = png(99);
    bad.put("bad-truncated", Arrays.copyOf(whole, whole.length / 2));
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < 20; i++) {
        producer.send(new ProducerRecord<>(prefix + ".crops", key("id-" + i), png(i)));
      }
      ProducerRecord<byte[], byte[]> withLexicon =
          new ProducerRecord<>(prefix + ".crops", key("lexicon"), png(7));
      // A lexicon of one word leaves the model no other answer, whatever its weights.
      withLexicon.headers().add("ocr.lexicon", "Exit".getBytes(StandardCharsets.UTF_8));
      producer.send(withLexicon);
      ProducerRecord<byte[], byte[]> badLexicon =
          new ProducerRecord<>(prefix + ".crops", key("bad-lexicon"), png(8));
      badLexicon.headers().add("ocr.lexicon", new byte[] {(byte) 0xff, (byte) 0xfe});
      producer.send(badLexicon);
      for (Map.Entry<String, byte[]> e : bad.entrySet()) {
        producer.send(new ProducerRecord<>(prefix + ".crops", key(e.getKey()), e.getValue()));
      }
    }
    StreamExecutionEnvironment env = environment();
    OcrStreamingJob.build(env, OcrJobConfig.from(config(prefix)));
    env.execute("e2e");

    ObjectMapper json = new ObjectMapper();
    Set<String> ids = new HashSet<>();
    List<ConsumerRecord<byte[], byte[]>> texts = readCommitted(prefix + ".text", 21);
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
    List<ConsumerRecord<byte[], byte[]>> dead = readCommitted(prefix + ".dead", 4);
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
    kafka.createTopics(2, List.of(prefix + ".crops", prefix + ".text", prefix + ".dead"));
    produce(prefix + ".crops", n);
    Map<String, String> settings = config(prefix);
    settings.put("ocr.checkpoint.interval-ms", "200");
    StreamExecutionEnvironment env = environment();
    OcrStreamingJob.build(env, OcrJobConfig.from(settings), s -> s.map(new FailOnce()));
    env.execute("failure");

    assertTrue(FailOnce.FAILED.get(), "the failure was injected");
    List<ConsumerRecord<byte[], byte[]>> texts = readCommitted(prefix + ".text", n);
    Map<String, Integer> counts = idCounts(texts);
    assertEquals(n, counts.size(), "every crop came out");
    counts.forEach((id, c) -> assertEquals(1, c, id + " once"));
    assertEquals(0, readCommitted(prefix + ".dead", 0).size(), "the failure is no dead letter");
  }

  @Test
  void batchesAreFlushedAtCheckpointsNotHeldAcrossThem() throws Exception {
    String prefix = "flush";
    int n = 10;
    kafka.createTopics(1, List.of(prefix + ".crops", prefix + ".text", prefix + ".dead"));
    Map<String, String> settings = config(prefix);
    // Neither the size nor the timer could ever flush: only the checkpoints can.
    settings.put("ocr.batch.size", "100000");
    settings.put("ocr.batch.max-wait-ms", "3600000");
    settings.put("ocr.input.bounded", "false");
    settings.put("ocr.checkpoint.interval-ms", "300");
    StreamExecutionEnvironment env = environment();
    env.setParallelism(1);
    OcrStreamingJob.build(env, OcrJobConfig.from(settings));
    JobClient job = env.executeAsync("flush");
    try {
      produce(prefix + ".crops", n);
      Map<String, Integer> counts = idCounts(readCommitted(prefix + ".text", n));
      assertEquals(n, counts.size(), "results came out while the job still runs");
      counts.forEach((id, c) -> assertEquals(1, c, id + " once"));
    } finally {
      job.cancel().get();
    }
  }

  private static byte[] key(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
