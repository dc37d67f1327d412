package dev.grcnn.ocr.cli;

import dev.grcnn.ocr.job.KafkaClientProperties;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Kafka client properties of {@code produce}, {@code consume} and {@code run}: security protocol,
 * SASL, TLS, config providers, with the streaming job's rules (README, "Kafka security"): the
 * properties the command sets itself are refused, and so is a password in the clear, on the command
 * line or in the file; secrets come through a Kafka config provider ({@code ${file:...}}, {@code
 * ${env:...}}). A refusal names the property, never its value.
 */
final class KafkaClientOptions {

  @Option(
      names = "--kafka-properties",
      paramLabel = "FILE",
      description =
          "Kafka client properties, one key=value a line (security.protocol, sasl.*, ssl.*,"
              + " config.providers, ...); passwords only through a config provider.")
  Path file;

  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      description = "One Kafka client property (repeatable; wins over --kafka-properties).")
  Map<String, String> properties = new LinkedHashMap<>();

  /**
   * The properties of the file, then those of the command line, checked.
   *
   * @throws UsageException naming a missing file or a refused property
   */
  Map<String, String> clientProperties() {
    Map<String, String> all = new LinkedHashMap<>();
    if (file != null) {
      Properties fromFile = new Properties();
      try (Reader in = Files.newBufferedReader(file)) {
        fromFile.load(in);
      } catch (IOException e) {
        throw new UsageException("--kafka-properties: cannot read " + file);
      }
      fromFile.stringPropertyNames().forEach(k -> all.put(k, fromFile.getProperty(k)));
    }
    all.putAll(properties);
    try {
      return KafkaClientProperties.forClients(all);
    } catch (IllegalArgumentException e) {
      throw new UsageException("Kafka client property " + e.getMessage());
    }
  }
}
