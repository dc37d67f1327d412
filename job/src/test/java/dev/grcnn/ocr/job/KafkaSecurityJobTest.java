package dev.grcnn.ocr.job;

import static dev.grcnn.ocr.job.JobTestSupport.environment;
import static dev.grcnn.ocr.job.JobTestSupport.idCounts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grcnn.ocr.testkit.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job against a broker that requires SASL PLAIN: its client properties come from {@code
 * ocr.kafka.properties.*}, the password from a file through Kafka's FileConfigProvider.
 */
class KafkaSecurityJobTest {

  @RegisterExtension static final BrokerAndModel fixture = BrokerAndModel.untrainedWithSaslPlain();

  /** Where the password files are. */
  @TempDir static Path dir;

  /** The job's settings for the SASL broker, its password read from {@code secrets}. */
  private static Configuration config(String prefix, Path secrets) {
    Configuration c = fixture.config(prefix);
    Map<String, String> props =
        Map.of(
            "security.protocol", "SASL_PLAINTEXT",
            "sasl.mechanism", "PLAIN",
            "config.providers", "file",
            "config.providers.file.class",
                "org.apache.kafka.common.config.provider.FileConfigProvider",
            "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                    + EmbeddedKafka.SASL_USER
                    + "\" password=\"${file:"
                    + secrets
                    + ":password}\";");
    props.forEach((k, v) -> c.setString(OcrJobOptions.KAFKA_PROPERTIES_PREFIX + k, v));
    return c;
  }

  private static Path secrets(String name, String password) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, "password=" + password + "\n");
    return file;
  }

  @Test
  void theRightCredentialsFromAFileStreamEveryCrop() throws Exception {
    String prefix = "sasl";
    fixture.createTopics(prefix, 1);
    fixture.sendWords(prefix + ".crops", 0, 3, i -> "id-" + i);
    OcrJobConfig config =
        OcrJobConfig.from(config(prefix, secrets("right", EmbeddedKafka.SASL_PASSWORD)));
    assertFalse(
        config.toString().contains(EmbeddedKafka.SASL_PASSWORD), "the password stays in its file");
    KafkaPreflight.check(config);
    StreamExecutionEnvironment env = environment();
    OcrStreamingJob.build(env, config);
    env.execute(prefix);
    assertEquals(
        Map.of("id-0", 1, "id-1", 1, "id-2", 1),
        idCounts(fixture.readCommitted(prefix + ".text", 3)));
  }

  @Test
  void wrongCredentialsFailTheStartInOneLine() throws Exception {
    OcrJobConfig config = OcrJobConfig.from(config("wrong", secrets("wrong", "not-the-password")));
    String message =
        assertThrows(IllegalArgumentException.class, () -> KafkaPreflight.check(config))
            .getMessage();
    assertTrue(
        message.startsWith("Kafka at " + fixture.kafka().bootstrapServers() + " refused the job's"),
        message);
    assertEquals(1, message.lines().count(), message);
  }
}
