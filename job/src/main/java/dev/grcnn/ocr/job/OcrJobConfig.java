package dev.grcnn.ocr.job;

import java.io.Serializable;
import java.util.Map;

/**
 * The job's settings, one key each (the README's table lists them). Unknown values fail at start
 * with the key named.
 *
 * @param bootstrapServers Kafka bootstrap servers ({@code ocr.kafka.bootstrap-servers})
 * @param inputTopic crops in ({@code ocr.topic.in}, default {@code ocr.crops})
 * @param outputTopic results out ({@code ocr.topic.out}, default {@code ocr.text})
 * @param deadLetterTopic refused records ({@code ocr.topic.dead-letter}, default {@code
 *     ocr.dead-letter})
 * @param groupId consumer group ({@code ocr.kafka.group-id}, default {@code grcnn-ocr})
 * @param modelDir model directory ({@code ocr.model.dir})
 * @param device inference device ({@code ocr.model.device}, default {@code auto})
 * @param batchSize most crops per forward pass ({@code ocr.batch.size}, default 32)
 * @param batchMaxWaitMillis longest a crop waits for its batch ({@code ocr.batch.max-wait-ms},
 *     default 50)
 * @param maxImageBytes largest image accepted ({@code ocr.image.max-bytes}, default 8 MiB)
 * @param maxImagePixels largest width x height ({@code ocr.image.max-pixels}, default 25M)
 * @param maxLexiconWords most words of a record's lexicon ({@code ocr.lexicon.max-words}, 10000)
 * @param checkpointIntervalMillis ({@code ocr.checkpoint.interval-ms}, default 10000)
 * @param transactionalIdPrefix Kafka transactional id prefix ({@code ocr.transactional-id-prefix})
 * @param bounded stop at the input's end offsets at start ({@code ocr.input.bounded}, default
 *     false; tests and benchmarks)
 */
public record OcrJobConfig(
    String bootstrapServers,
    String inputTopic,
    String outputTopic,
    String deadLetterTopic,
    String groupId,
    String modelDir,
    String device,
    int batchSize,
    long batchMaxWaitMillis,
    int maxImageBytes,
    long maxImagePixels,
    int maxLexiconWords,
    long checkpointIntervalMillis,
    String transactionalIdPrefix,
    boolean bounded)
    implements Serializable {

  /** Reads the keys from a map (command-line arguments or a Flink configuration). */
  public static OcrJobConfig from(Map<String, String> m) {
    return new OcrJobConfig(
        required(m, "ocr.kafka.bootstrap-servers"),
        m.getOrDefault("ocr.topic.in", "ocr.crops"),
        m.getOrDefault("ocr.topic.out", "ocr.text"),
        m.getOrDefault("ocr.topic.dead-letter", "ocr.dead-letter"),
        m.getOrDefault("ocr.kafka.group-id", "grcnn-ocr"),
        required(m, "ocr.model.dir"),
        m.getOrDefault("ocr.model.device", "auto"),
        positiveInt(m, "ocr.batch.size", 32),
        nonNegativeLong(m, "ocr.batch.max-wait-ms", 50),
        positiveInt(m, "ocr.image.max-bytes", 8 * 1024 * 1024),
        nonNegativeLong(m, "ocr.image.max-pixels", 25_000_000L),
        positiveInt(m, "ocr.lexicon.max-words", 10_000),
        nonNegativeLong(m, "ocr.checkpoint.interval-ms", 10_000),
        m.getOrDefault("ocr.transactional-id-prefix", "grcnn-ocr"),
        Boolean.parseBoolean(m.getOrDefault("ocr.input.bounded", "false")));
  }

  private static String required(Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("missing " + key);
    }
    return v;
  }

  private static int positiveInt(Map<String, String> m, String key, int fallback) {
    long v = nonNegativeLong(m, key, fallback);
    if (v < 1 || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(key + " must be a positive integer");
    }
    return (int) v;
  }

  private static long nonNegativeLong(Map<String, String> m, String key, long fallback) {
    String v = m.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(v.strip());
      if (parsed < 0) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a non-negative integer, not '" + v + "'");
    }
  }
}
