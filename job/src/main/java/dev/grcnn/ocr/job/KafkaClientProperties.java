package dev.grcnn.ocr.job;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kafka client properties given as {@code ocr.kafka.properties.<property>} (security protocol,
 * SASL, TLS, config providers, ...), passed to the source, both sinks and the start-up check as
 * they are. The properties the job sets itself are refused, and so is a password in the clear: job
 * arguments and the Flink configuration are shown by Flink's web UI and REST API, so secrets must
 * come through a Kafka config provider ({@code ${file:...}}, {@code ${env:...}}), which the clients
 * resolve when they start.
 */
public final class KafkaClientProperties {

  /** Properties the job sets from its own keys or needs as they are. */
  public static final Set<String> SET_BY_THE_JOB =
      Set.of(
          "bootstrap.servers",
          "group.id",
          "isolation.level",
          "transactional.id",
          "transaction.timeout.ms",
          "enable.idempotence",
          "enable.auto.commit",
          "key.serializer",
          "value.serializer",
          "key.deserializer",
          "value.deserializer",
          "max.request.size");

  private KafkaClientProperties() {}

  /**
   * The client properties among {@code settings}: the keys under {@link
   * OcrJobOptions#KAFKA_PROPERTIES_PREFIX}, without it.
   *
   * @throws IllegalArgumentException naming a property the job sets itself or a clear password
   */
  static Map<String, String> from(Map<String, String> settings) {
    Map<String, String> props = new TreeMap<>();
    String prefix = OcrJobOptions.KAFKA_PROPERTIES_PREFIX;
    settings.forEach(
        (key, value) -> {
          if (key.startsWith(prefix)) {
            String property = key.substring(prefix.length());
            props.put(
                property,
                checked(
                    key,
                    property,
                    value,
                    "which Flink's web UI would show",
                    "job itself (" + OcrJobOptions.PREFIX + "* keys)"));
          }
        });
    return Map.copyOf(props);
  }

  /**
   * The same rules for the clients of the command line ({@code ocr produce}, {@code consume},
   * {@code run}), whose properties are named as they are given.
   *
   * @throws IllegalArgumentException naming a property the command sets itself or a clear password
   */
  public static Map<String, String> forClients(Map<String, String> properties) {
    Map<String, String> props = new TreeMap<>();
    properties.forEach(
        (property, value) ->
            props.put(
                property,
                checked(
                    property,
                    property,
                    value,
                    "which a process list or a file left readable would show",
                    "command itself")));
    return Map.copyOf(props);
  }

  /** The value, stripped, or why it is refused; the message never holds the value. */
  private static String checked(
      String name, String property, String value, String whoWouldSee, String setter) {
    if (property.isEmpty() || value == null || value.isBlank()) {
      throw new IllegalArgumentException("missing value of " + name);
    }
    if (SET_BY_THE_JOB.contains(property)) {
      throw new IllegalArgumentException(name + " is set by the " + setter);
    }
    if (holdsClearSecret(property, value)) {
      throw new IllegalArgumentException(
          name
              + " holds a password in the clear, "
              + whoWouldSee
              + ": read it through a Kafka config provider, e.g."
              + " ${file:/etc/kafka/secrets:password} (README, 'Kafka security')");
    }
    return value.strip();
  }

  /** A password property, or a JAAS configuration with a password, not taken from a provider. */
  public static boolean holdsClearSecret(String property, String value) {
    if (property.endsWith(".password") || property.endsWith(".secret")) {
      return !value.strip().startsWith("${");
    }
    if (property.endsWith("jaas.config")) {
      int at = value.indexOf("password=");
      while (at >= 0) {
        String rest = value.substring(at + "password=".length()).stripLeading();
        if (!(rest.startsWith("\"${") || rest.startsWith("${"))) {
          return true;
        }
        at = value.indexOf("password=", at + 1);
      }
    }
    return false;
  }
}
