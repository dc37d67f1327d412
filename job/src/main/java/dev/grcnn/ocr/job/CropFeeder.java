package dev.grcnn.ocr.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends crops to an input topic the way the job reads them: the image bytes as the value, the crop
 * id as the key, candidate words in the {@code ocr.lexicon} header. Idempotent, all replicas
 * acknowledge.
 */
public final class CropFeeder implements AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;

  /** A feeder to {@code topic}. */
  public CropFeeder(String bootstrapServers, String topic) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
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

  /** Sends one crop; {@code lexicon} may be null. */
  public void send(String id, byte[] image, String lexicon) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(topic, id == null ? null : utf8(id), image);
    if (lexicon != null) {
      record
          .headers()
          .add(dev.grcnn.ocr.operators.DecodeCropFunction.LEXICON_HEADER, utf8(lexicon));
    }
    producer.send(record);
  }

  /** Sends each file, keyed by its file name. */
  public int sendFiles(List<Path> files, String lexicon) throws IOException {
    for (Path file : files) {
      send(file.getFileName().toString(), Files.readAllBytes(file), lexicon);
    }
    return files.size();
  }

  /** Waits until everything sent is acknowledged. */
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
