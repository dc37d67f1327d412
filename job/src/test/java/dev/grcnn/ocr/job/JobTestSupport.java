package dev.grcnn.ocr.job;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.ModelInfo;
import dev.grcnn.ocr.model.OcrModel;
import dev.grcnn.ocr.testkit.KafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the job tests share: models, job settings, a local Flink environment that counts restarts,
 * and Kafka clients that write raw records and read what the job committed.
 */
final class JobTestSupport {

  private JobTestSupport() {}

  /** Saves a compact model with random weights to {@code dir} and returns it. */
  static Path untrainedModel(Path dir) throws IOException {
    try (OcrModel m =
        OcrModel.create(
            ModelInfo.untrained("t", GrcnnConfig.COMPACT, Alphabet.DEFAULT), Device.cpu())) {
      m.save(dir);
    }
    return dir;
  }

  /** The shipped model, {@code models/default} at the project root (above the module folder). */
  static Path shippedModel() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path model = p.resolve("models/default");
      if (Files.isRegularFile(model.resolve(OcrModel.INFO_FILE))) {
        return model;
      }
    }
    throw new IllegalStateException("no models/default above " + Path.of("").toAbsolutePath());
  }

  /** The three topics of a test, {@code prefix.crops}, {@code .text} and {@code .dead}. */
  static void createTopics(KafkaBroker kafka, String prefix, int partitions) {
    kafka.createTopics(partitions, List.of(prefix + ".crops", prefix + ".text", prefix + ".dead"));
  }

  /** Job settings on the test's topics: bounded input, small batches, frequent checkpoints. */
  static Configuration config(KafkaBroker kafka, Path model, String prefix) {
    Configuration c = new Configuration();
    c.set(OcrJobOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    c.set(OcrJobOptions.MODEL_DIR, model.toString());
    c.set(OcrJobOptions.MODEL_DEVICE, "cpu");
    c.set(OcrJobOptions.TOPIC_IN, prefix + ".crops");
    c.set(OcrJobOptions.TOPIC_OUT, prefix + ".text");
    c.set(OcrJobOptions.TOPIC_DEAD_LETTER, prefix + ".dead");
    c.set(OcrJobOptions.GROUP_ID, prefix);
    c.set(OcrJobOptions.TRANSACTIONAL_ID_PREFIX, prefix);
    c.set(OcrJobOptions.BATCH_SIZE, 8);
    c.set(OcrJobOptions.BATCH_MAX_WAIT_MS, 20L);
    c.set(OcrJobOptions.CHECKPOINT_INTERVAL_MS, 500L);
    c.set(OcrJobOptions.INPUT_BOUNDED, true);
    return c;
  }

  /**
   * A local environment (a MiniCluster per job) of parallelism 2 that restarts a failed job at
   * once, at most three times, reports each job's restarts to {@link RestartsReporter}, and refuses
   * generic (Kryo) types.
   */
  static StreamExecutionEnvironment environment() {
    return environment(new Configuration());
  }

  /** As {@link #environment()}, with {@code extra} settings of the MiniCluster and the job. */
  static StreamExecutionEnvironment environment(Configuration extra) {
    Configuration conf = RestartsReporter.addTo(new Configuration());
    conf.addAll(extra);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    // Every type between the operators must have a serializer of Flink's own: with generic types
    // off, one that would fall back to Kryo fails the job at submission.
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    // A task that hangs on cancellation fails the test in half a minute, not Flink's five.
    conf.set(JobManagerOptions.SLOT_REQUEST_TIMEOUT, Duration.ofSeconds(30));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    return env;
  }

  /** A producer of raw bytes; records up to the broker's limit pass its own size check. */
  static KafkaProducer<byte[], byte[]> producer(KafkaBroker kafka) {
    Properties p = kafka.clientProperties();
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(2 * 1024 * 1024));
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Reads a topic from its beginning under {@code read_committed} until {@code expected} records
   * came (at most a minute), then half a second more, so that extra records would show.
   */
  static List<ConsumerRecord<byte[], byte[]>> readCommitted(
      KafkaBroker kafka, String topic, int expected) {
    return readCommitted(kafka, List.of(topic), expected);
  }

  /** As {@link #readCommitted(KafkaBroker, String, int)}, {@code expected} in all the topics. */
  static List<ConsumerRecord<byte[], byte[]>> readCommitted(
      KafkaBroker kafka, List<String> topics, int expected) {
    Properties p = kafka.clientProperties();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + String.join("+", topics));
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(topics);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      c.poll(Duration.ofMillis(500)).forEach(out::add); // anything extra would show here
    }
    return out;
  }

  /** How often each result id occurs among records of the text topic. */
  static Map<String, Integer> idCounts(List<ConsumerRecord<byte[], byte[]>> records)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<String, Integer> counts = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      counts.merge(json.readTree(r.value()).get("id").asText(), 1, Integer::sum);
    }
    return counts;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String utf8(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  /** The last header of a name as UTF-8, or null when the record has none. */
  static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : utf8(h.value());
  }
}
