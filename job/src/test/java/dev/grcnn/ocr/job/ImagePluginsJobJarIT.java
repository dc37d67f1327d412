package dev.grcnn.ocr.job;

import static dev.grcnn.ocr.job.JobTestSupport.createTopics;
import static dev.grcnn.ocr.job.JobTestSupport.header;
import static dev.grcnn.ocr.job.JobTestSupport.producer;
import static dev.grcnn.ocr.job.JobTestSupport.readCommitted;
import static dev.grcnn.ocr.job.JobTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grcnn.ocr.operators.DeadLetterSerializer;
import dev.grcnn.ocr.testkit.EmbeddedKafka;
import dev.grcnn.ocr.testkit.ImageFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import javax.imageio.ImageIO;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CMYK and YCCK JPEGs and WebP read in the tasks of a MiniCluster that loads the job's classes from
 * the cluster jar ({@code grcnn-job-*-flink.jar}) with Flink's child-first user-code class loader,
 * as a TaskManager does: the ImageIO plugins (TwelveMonkeys) are in that jar only. This test's
 * class path leaves them out (failsafe's {@code classpathDependencyExcludes}), and ImageIO's
 * JVM-wide registry is made before the job runs, from this class path: a decoder that asked ImageIO
 * for its readers would find no WebP reader in the task (a NOT_AN_IMAGE dead letter) and the JDK's
 * reader for CMYK. Runs after {@code package} (failsafe).
 */
class ImagePluginsJobJarIT {

  static final String WEBP_PROVIDER = "com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi";
  static final String JPEG_PROVIDER = "com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi";

  static Path jar;
  static EmbeddedKafka kafka;

  @BeforeAll
  static void start() throws Exception {
    String property = System.getProperty("job.jar");
    assumeTrue(property != null, "no job.jar: ImagePluginsJobJarIT runs in mvn verify (failsafe)");
    jar = Path.of(property);
    assertTrue(Files.isRegularFile(jar), "no cluster jar at " + jar + ": run mvn package");
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void theJarsServiceFileNamesBothPlugins() throws Exception {
    try (JarFile file = new JarFile(jar.toFile())) {
      String services =
          new String(
              file.getInputStream(
                      file.getEntry("META-INF/services/javax.imageio.spi.ImageReaderSpi"))
                  .readAllBytes(),
              StandardCharsets.UTF_8);
      // Both plugin jars have this file: without the shade plugin's merge one would win.
      assertTrue(services.contains(JPEG_PROVIDER), services);
      assertTrue(services.contains(WEBP_PROVIDER), services);
    }
  }

  @Test
  void cmykYcckAndWebpCropsAreReadByTasksThatLoadTheJobJar() throws Exception {
    // What makes this test able to fail: no plugin on this class path, ImageIO's registry made.
    assertThrows(ClassNotFoundException.class, () -> Class.forName(WEBP_PROVIDER));
    assertFalse(
        ImageIO.getImageReadersByFormatName("webp").hasNext(),
        "ImageIO in this JVM reads WebP: the plugins are on the test's class path");

    String prefix = "plugins";
    createTopics(kafka, prefix, 1);
    List<ImageFiles> files = List.of(ImageFiles.values());
    try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
      for (ImageFiles file : files) {
        producer
            .send(new ProducerRecord<>(prefix + ".crops", utf8(file.fileName()), file.bytes()))
            .get();
      }
    }
    Configuration cluster = new Configuration();
    cluster.set(PipelineOptions.JARS, List.of(jar.toUri().toURL().toString()));
    // DJL as on a cluster (lib/, parent-first). Kafka's client parent-first too, only here: this
    // JVM's class path has the connector, which Flink loads parent-first (org.apache.flink.), so
    // the client it calls must be the same copy as the one the job's serializers see.
    cluster.set(
        CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL,
        List.of("ai.djl.", "org.apache.kafka."));
    StreamExecutionEnvironment env = JobTestSupport.environment(cluster);
    OcrStreamingJob.build(
        env,
        OcrJobConfig.from(JobTestSupport.config(kafka, JobTestSupport.shippedModel(), prefix)));
    env.execute(prefix);

    ObjectMapper json = new ObjectMapper();
    Map<String, String> outcome = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r :
        readCommitted(kafka, List.of(prefix + ".text", prefix + ".dead"), files.size())) {
      if (r.topic().endsWith(".text")) {
        JsonNode result = json.readTree(r.value());
        outcome.put(result.get("id").asText(), result.get("greedyText").asText());
      } else {
        outcome.put(
            utf8(r.key()),
            "dead letter "
                + header(r, DeadLetterSerializer.KIND)
                + ": "
                + header(r, DeadLetterSerializer.REASON));
      }
    }
    // Each file reads what the PNG it was made from reads (the shipped model reads that crop
    // "sitabling" greedily): same pixels, same text.
    String png = outcome.get(ImageFiles.PNG.fileName());
    assertTrue(png != null && !png.startsWith("dead letter"), "the PNG: " + png);
    Map<String, String> expected = new TreeMap<>();
    for (ImageFiles file : files) {
      expected.put(file.fileName(), png);
    }
    assertEquals(expected, outcome);
  }
}
