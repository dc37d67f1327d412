package dev.grcnn.ocr.job;

import static dev.grcnn.ocr.job.JobTestSupport.utf8;

import dev.grcnn.ocr.testkit.EmbeddedKafka;
import dev.grcnn.ocr.testkit.WordCrops;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fixture of a job test class: a broker in this JVM and a model for the job, started before the
 * class's tests and stopped after them, with the test's settings and Kafka clients on its topics.
 * Register it as {@code @RegisterExtension static final BrokerAndModel fixture = ...}.
 */
final class BrokerAndModel implements BeforeAllCallback, AfterAllCallback {

  private final Supplier<EmbeddedKafka> broker;
  private final Function<Path, Path> modelIn;
  private Path dir;
  private EmbeddedKafka kafka;
  private Path model;

  private BrokerAndModel(Supplier<EmbeddedKafka> broker, Function<Path, Path> modelIn) {
    this.broker = broker;
    this.modelIn = modelIn;
  }

  /** A plain broker and a compact model with random weights: enough where readings don't count. */
  static BrokerAndModel untrained() {
    return new BrokerAndModel(EmbeddedKafka::start, BrokerAndModel::untrainedIn);
  }

  /** A broker that requires SASL PLAIN ({@link EmbeddedKafka#startWithSaslPlain}), untrained. */
  static BrokerAndModel untrainedWithSaslPlain() {
    return new BrokerAndModel(EmbeddedKafka::startWithSaslPlain, BrokerAndModel::untrainedIn);
  }

  /** A plain broker and the shipped model, for tests that compare readings. */
  static BrokerAndModel shipped() {
    return new BrokerAndModel(EmbeddedKafka::start, dir -> JobTestSupport.shippedModel());
  }

  private static Path untrainedIn(Path dir) {
    try {
      return JobTestSupport.untrainedModel(dir.resolve("model"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot save an untrained model in " + dir, e);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("job-test-");
    kafka = broker.get();
    model = modelIn.apply(dir);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (kafka != null) {
        kafka.close();
      }
    } finally {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  EmbeddedKafka kafka() {
    return kafka;
  }

  Path model() {
    return model;
  }

  /** Creates the test's topics {@code prefix.crops}, {@code .text} and {@code .dead}. */
  void createTopics(String prefix, int partitions) {
    JobTestSupport.createTopics(kafka, prefix, partitions);
  }

  /** {@link JobTestSupport#config} on this broker and model. */
  Configuration config(String prefix) {
    return JobTestSupport.config(kafka, model, prefix);
  }

  KafkaProducer<byte[], byte[]> producer() {
    return JobTestSupport.producer(kafka);
  }

  /** Sends the records in order, each one accepted by the broker before the next. */
  void send(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (ProducerRecord<byte[], byte[]> r : records) {
        producer.send(r).get();
      }
    }
  }

  /**
   * Sends crops {@code from} to {@code from + count - 1} to {@code topic}: crop {@code i} keyed
   * {@code id.apply(i)}, the rendered word {@code "w" + i} its image.
   */
  void sendWords(String topic, int from, int count, IntFunction<String> id) throws Exception {
    send(
        Stream.iterate(from, i -> i + 1)
            .limit(count)
            .map(i -> new ProducerRecord<>(topic, utf8(id.apply(i)), WordCrops.png("w" + i)))
            .toList());
  }

  /** {@link JobTestSupport#readCommitted(dev.grcnn.ocr.testkit.KafkaBroker, String, int)}. */
  List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic, int expected) {
    return JobTestSupport.readCommitted(kafka, topic, expected);
  }

  /** As {@link #readCommitted(String, int)}, {@code expected} in all the topics. */
  List<ConsumerRecord<byte[], byte[]>> readCommitted(List<String> topics, int expected) {
    return JobTestSupport.readCommitted(kafka, topics, expected);
  }
}
