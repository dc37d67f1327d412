package dev.grcnn.ocr.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends crops to an input topic the way the job reads them: the image bytes as the value, the crop
 * id as the key, candidate words in the {@code ocr.lexicon} header. Idempotent, all replicas
 * acknowledge. A send that fails (broker unreachable, topic refused) is not silent: the next {@link
 * #send} or {@link #flush} throws it.
 */
public final class CropFeeder implements AutoCloseable {

  private static final int LINGER_MS = 5;

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  /** A feeder to {@code topic} with Kafka's default timeouts (a minute to reach the broker). */
  public CropFeeder(String bootstrapServers, String topic) {
    this(bootstrapServers, topic, null);
  }

  /**
   * A feeder to {@code topic} whose sends fail after {@code timeout} (at least 100 ms) when the
   * broker cannot be reached or does not acknowledge; null for Kafka's defaults.
   */
  public CropFeeder(String bootstrapServers, String topic, Duration timeout) {
    this(bootstrapServers, topic, timeout, Map.of());
  }

  /**
   * As {@link #CropFeeder(String, String, Duration)}, with Kafka client properties (security
   * protocol, SASL, TLS, config providers) beside the feeder's own.
   */
  public CropFeeder(
      String bootstrapServers, String topic, Duration timeout, Map<String, String> client) {
    Properties p = new Properties();
    p.putAll(client);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(LINGER_MS));
    if (timeout != null) {
      long millis = Math.max(100, timeout.toMillis());
      // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
      p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(millis));
      p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(millis));
      p.put(
          ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
          Long.toString(Math.min(30_000, millis - LINGER_MS)));
    }
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    this.topic = topic;
  }

  /** The regular files of a folder, sorted by name (hidden files skipped). */
  public static List<Path> files(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    }
  }

  /**
   * Sends one crop; {@code lexicon} may be null.
   *
   * @throws KafkaException when an earlier send failed
   */
  public void send(String id, byte[] image, String lexicon) {
    throwFailure();
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(topic, id == null ? null : utf8(id), image);
    if (lexicon != null) {
      record
          .headers()
          .add(dev.grcnn.ocr.operators.DecodeCropFunction.LEXICON_HEADER, utf8(lexicon));
    }
    producer.send(
        record,
        (metadata, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          }
        });
  }

  /** Sends each file, keyed by its file name. */
  public int sendFiles(List<Path> files, String lexicon) throws IOException {
    for (Path file : files) {
      send(file.getFileName().toString(), Files.readAllBytes(file), lexicon);
    }
    return files.size();
  }

  /**
   * Waits until everything sent is acknowledged.
   *
   * @throws KafkaException when a send failed
   */
  public void flush() {
    producer.flush();
    throwFailure();
  }

  private void throwFailure() {
    Exception e = failure.get();
    if (e != null) {
      throw new KafkaException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
