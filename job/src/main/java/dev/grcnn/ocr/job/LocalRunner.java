package dev.grcnn.ocr.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Runs the job on a local Flink environment: feeds a folder of crops into the input topic and
 * prints each committed result and dead letter as it arrives. With no bootstrap servers given it
 * starts an in-JVM broker first.
 */
public final class LocalRunner {

  private LocalRunner() {}

  /** Files of a folder, sorted, that are sent as crops (keys are their file names). */
  public static List<Path> crops(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /**
   * Runs until {@code untilDone} and every fed crop is accounted for, or until interrupted.
   *
   * @param settings the job's keys; {@code ocr.kafka.bootstrap-servers} absent means in-JVM Kafka
   * @param images crops to feed (may be empty)
   * @param untilDone stop once every fed crop came out
   * @param out where results are printed
   * @return the number of results and dead letters printed
   */
  public static long run(
      Map<String, String> settings, List<Path> images, boolean untilDone, PrintWriter out)
      throws Exception {
    EmbeddedKafka embedded = null;
    Map<String, String> keys = new java.util.HashMap<>(settings);
    if (!keys.containsKey("ocr.kafka.bootstrap-servers")) {
      embedded = EmbeddedKafka.start();
      keys.put("ocr.kafka.bootstrap-servers", embedded.bootstrapServers());
      out.println("started Kafka in this JVM at " + embedded.bootstrapServers());
    }
    keys.putIfAbsent("ocr.checkpoint.interval-ms", "1000");
    OcrJobConfig config = OcrJobConfig.from(keys);
    JobClient job = null;
    try {
      if (embedded != null) {
        embedded.createTopics(
            2, List.of(config.inputTopic(), config.outputTopic(), config.deadLetterTopic()));
      }
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(1);
      OcrStreamingJob.build(env, config);
      job = env.executeAsync("grcnn-ocr");
      feed(config, images);
      out.printf(
          Locale.ROOT,
          "fed %d crops to %s; results from %s and %s:%n",
          images.size(),
          config.inputTopic(),
          config.outputTopic(),
          config.deadLetterTopic());
      out.flush();
      return tail(config, images.size(), untilDone, out);
    } finally {
      if (job != null) {
        job.cancel().get();
      }
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private static void feed(OcrJobConfig config, List<Path> images) throws IOException {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (Path image : images) {
        byte[] key = image.getFileName().toString().getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(config.inputTopic(), key, Files.readAllBytes(image)));
      }
    }
  }

  private static long tail(OcrJobConfig config, int fed, boolean untilDone, PrintWriter out)
      throws IOException {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "ocr-run-printer-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    ObjectMapper json = new ObjectMapper();
    long seen = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(config.outputTopic(), config.deadLetterTopic()));
      while (!(untilDone && seen >= fed)) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = consumer.poll(Duration.ofMillis(250));
        } catch (InterruptException stopped) {
          // Stopped by the user. Clear the flag Kafka set again, or closing the consumer, the
          // job and the broker would be interrupted too.
          Thread.interrupted();
          out.println("stopping");
          out.flush();
          break;
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
          seen++;
          if (r.topic().equals(config.outputTopic())) {
            JsonNode result = json.readTree(r.value());
            out.printf(
                Locale.ROOT,
                "%s\t%s\t%.4f%n",
                result.get("id").asText(),
                result.get("text").asText(),
                result.get("confidence").asDouble());
          } else {
            String key = r.key() == null ? "?" : new String(r.key(), StandardCharsets.UTF_8);
            out.printf(
                "%s\tdead letter: %s: %s%n",
                key, header(r, "ocr.error.kind"), header(r, "ocr.error.reason"));
          }
          out.flush();
        }
      }
    }
    return seen;
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
  }
}
