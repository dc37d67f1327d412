package dev.grcnn.ocr.cli;

import java.time.Duration;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

/**
 * Checks of the Kafka options of {@code produce} and {@code consume}; a bad value is a usage error.
 */
final class KafkaArguments {

  private KafkaArguments() {}

  /** A topic name Kafka accepts (ASCII letters, digits, '.', '_', '-'; at most 249). */
  static void checkTopic(String topic) {
    try {
      Topic.validate(topic);
    } catch (InvalidTopicException e) {
      throw new UsageException("--topic: " + e.getMessage());
    }
  }

  /** A positive number of seconds. */
  static Duration timeout(double seconds) {
    if (!(seconds > 0) || seconds > 86_400) {
      throw new UsageException("--timeout-seconds must be positive, at most 86400");
    }
    return Duration.ofMillis(Math.max(100, Math.round(seconds * 1000)));
  }

  /**
   * A client error in one line: Kafka wraps the useful part ("No resolvable bootstrap urls", a
   * timeout) in exceptions such as "Failed to construct kafka producer".
   */
  static String message(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage();
      if (m != null && !m.isBlank() && b.indexOf(m) < 0) {
        b.append(b.length() == 0 ? "" : ": ").append(m.lines().findFirst().orElse(m));
      }
    }
    return b.length() == 0 ? e.getClass().getSimpleName() : b.toString();
  }
}
