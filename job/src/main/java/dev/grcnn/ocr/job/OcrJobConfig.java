package dev.grcnn.ocr.job;

import dev.grcnn.ocr.operators.InferenceSettings;
import dev.grcnn.ocr.operators.InputFormat;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The job's settings: one documented key each (the README has the table), read from command-line
 * arguments or a Flink configuration. A missing required key, a bad value or an unknown {@code
 * ocr.*} key (a typo) fails at start with the key named.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param groupId consumer group of the source
 * @param inputTopic crops in
 * @param outputTopic results out
 * @param deadLetterTopic records that cannot be recognised
 * @param inputFormat raw image values or JSON envelopes
 * @param bounded stop at the input's end offsets at start (tests and benchmarks)
 * @param inference model, device, batching, global lexicon and PyTorch threads
 * @param maxImageBytes largest image accepted
 * @param maxImagePixels largest width x height accepted
 * @param maxLexiconWords most words of a record's own lexicon
 * @param maxRecordBytes largest record the sinks write (results and dead letters)
 * @param checkpointIntervalMillis how often checkpoints commit the output (0 turns them off)
 * @param transactionalIdPrefix prefix of the sinks' Kafka transactional ids
 * @param transactionTimeoutMillis Kafka transaction timeout of the sinks
 */
public record OcrJobConfig(
    String bootstrapServers,
    String groupId,
    String inputTopic,
    String outputTopic,
    String deadLetterTopic,
    InputFormat inputFormat,
    boolean bounded,
    InferenceSettings inference,
    int maxImageBytes,
    long maxImagePixels,
    int maxLexiconWords,
    int maxRecordBytes,
    long checkpointIntervalMillis,
    String transactionalIdPrefix,
    long transactionTimeoutMillis)
    implements Serializable {

  /** Every key with its default ({@code null}: required or unset), in the README's order. */
  public static final Map<String, String> KEYS = keys();

  /**
   * Kafka's default {@code transaction.max.timeout.ms} (15 min), which the sinks must stay under.
   */
  public static final long BROKER_MAX_TRANSACTION_TIMEOUT_MS = 900_000;

  /** The least {@code ocr.output.max-record-bytes}: room for a dead letter's own headers. */
  public static final int MIN_RECORD_BYTES = 16 * 1024;

  private static Map<String, String> keys() {
    Map<String, String> k = new LinkedHashMap<>();
    k.put("ocr.kafka.bootstrap-servers", null);
    k.put("ocr.kafka.group-id", "grcnn-ocr");
    k.put("ocr.topic.in", "ocr.crops");
    k.put("ocr.topic.out", "ocr.text");
    k.put("ocr.topic.dead-letter", "ocr.dead-letter");
    k.put("ocr.input.format", "raw");
    k.put("ocr.input.bounded", "false");
    k.put("ocr.model.dir", null);
    k.put("ocr.model.device", "auto");
    k.put("ocr.batch.size", "32");
    k.put("ocr.batch.max-wait-ms", "50");
    k.put("ocr.lexicon.file", null);
    k.put("ocr.lexicon.max-words", "10000");
    k.put("ocr.image.max-bytes", Integer.toString(8 * 1024 * 1024));
    k.put("ocr.image.max-pixels", "25000000");
    k.put("ocr.output.max-record-bytes", "1000000");
    k.put("ocr.torch.threads", "0");
    k.put("ocr.torch.interop-threads", "0");
    k.put("ocr.checkpoint.interval-ms", "10000");
    k.put("ocr.transactional-id-prefix", "grcnn-ocr");
    k.put("ocr.kafka.transaction-timeout-ms", "600000");
    return java.util.Collections.unmodifiableMap(k);
  }

  /**
   * Reads the keys from a map (command-line arguments or a Flink configuration); keys not starting
   * with {@code ocr.} are ignored here.
   *
   * @throws IllegalArgumentException naming the key that is missing, bad or unknown
   */
  public static OcrJobConfig from(Map<String, String> m) {
    for (String key : m.keySet()) {
      if (key.startsWith("ocr.") && !KEYS.containsKey(key)) {
        throw new IllegalArgumentException("unknown setting " + key);
      }
    }
    Reader r = new Reader(m);
    InferenceSettings inference =
        new InferenceSettings(
            r.required("ocr.model.dir"),
            r.text("ocr.model.device"),
            r.positiveInt("ocr.batch.size"),
            r.nonNegative("ocr.batch.max-wait-ms"),
            r.optional("ocr.lexicon.file"),
            r.nonNegativeInt("ocr.torch.threads"),
            r.nonNegativeInt("ocr.torch.interop-threads"));
    long timeout = r.nonNegative("ocr.kafka.transaction-timeout-ms");
    if (timeout < 1000 || timeout > BROKER_MAX_TRANSACTION_TIMEOUT_MS) {
      throw new IllegalArgumentException(
          "ocr.kafka.transaction-timeout-ms must be between 1000 and the broker's default maximum "
              + BROKER_MAX_TRANSACTION_TIMEOUT_MS);
    }
    int maxRecordBytes = r.positiveInt("ocr.output.max-record-bytes");
    if (maxRecordBytes < MIN_RECORD_BYTES) {
      throw new IllegalArgumentException(
          "ocr.output.max-record-bytes must be at least " + MIN_RECORD_BYTES);
    }
    InputFormat format;
    try {
      format = InputFormat.byName(r.text("ocr.input.format"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("ocr.input.format: " + e.getMessage());
    }
    return new OcrJobConfig(
        r.required("ocr.kafka.bootstrap-servers"),
        r.text("ocr.kafka.group-id"),
        r.text("ocr.topic.in"),
        r.text("ocr.topic.out"),
        r.text("ocr.topic.dead-letter"),
        format,
        r.bool("ocr.input.bounded"),
        inference,
        r.positiveInt("ocr.image.max-bytes"),
        r.nonNegative("ocr.image.max-pixels"),
        r.positiveInt("ocr.lexicon.max-words"),
        maxRecordBytes,
        r.nonNegative("ocr.checkpoint.interval-ms"),
        r.text("ocr.transactional-id-prefix"),
        timeout);
  }

  /** Looks keys up with their defaults and checks their values. */
  private record Reader(Map<String, String> m) {

    String optional(String key) {
      String v = m.getOrDefault(key, KEYS.get(key));
      return v == null || v.isBlank() ? null : v.strip();
    }

    String required(String key) {
      String v = optional(key);
      if (v == null) {
        throw new IllegalArgumentException("missing " + key);
      }
      return v;
    }

    String text(String key) {
      return required(key);
    }

    boolean bool(String key) {
      String v = required(key);
      if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
        throw new IllegalArgumentException(key + " must be true or false, not '" + v + "'");
      }
      return Boolean.parseBoolean(v);
    }

    long nonNegative(String key) {
      String v = required(key);
      try {
        long parsed = Long.parseLong(v);
        if (parsed >= 0) {
          return parsed;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(key + " must be a non-negative integer, not '" + v + "'");
    }

    int nonNegativeInt(String key) {
      long v = nonNegative(key);
      if (v > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(key + " is too large");
      }
      return (int) v;
    }

    int positiveInt(String key) {
      int v = nonNegativeInt(key);
      if (v < 1) {
        throw new IllegalArgumentException(key + " must be at least 1");
      }
      return v;
    }
  }
}
