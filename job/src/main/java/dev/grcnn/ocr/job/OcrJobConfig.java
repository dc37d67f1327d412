package dev.grcnn.ocr.job;

import dev.grcnn.ocr.model.decode.Recognition;
import dev.grcnn.ocr.operators.DeadLetterSerializer;
import dev.grcnn.ocr.operators.DecodeSettings;
import dev.grcnn.ocr.operators.InferenceSettings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The job's settings, read from command-line arguments or a Flink configuration: the typed options
 * of {@link OcrJobOptions} (keys, defaults and descriptions; the README's table is made from them).
 * A missing required key, a bad value or an unknown {@code ocr.*} key (a typo) fails at start with
 * the key named.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param groupId consumer group of the source
 * @param inputTopic crops in
 * @param outputTopic results out
 * @param deadLetterTopic records that cannot be recognised
 * @param bounded stop at the input's end offsets at start (tests and benchmarks)
 * @param decode input format and the limits records are checked against, among them the largest
 *     record the sinks write (results and dead letters)
 * @param inference model, device, batching, global lexicon and PyTorch threads
 * @param checkpointIntervalMillis how often checkpoints commit the output
 * @param checkpointTimeoutMillis how long a checkpoint may take before it fails
 * @param transactionalIdPrefix prefix of the sinks' Kafka transactional ids
 * @param transactionTimeoutMillis Kafka transaction timeout of the sinks, longer than a checkpoint
 *     interval, a checkpoint timeout and a restart together ({@link TransactionBudget})
 * @param kafkaProperties Kafka client properties for the source, the sinks and the start-up check
 *     ({@code ocr.kafka.properties.*}, {@link KafkaClientProperties})
 */
public record OcrJobConfig(
    String bootstrapServers,
    String groupId,
    String inputTopic,
    String outputTopic,
    String deadLetterTopic,
    boolean bounded,
    DecodeSettings decode,
    InferenceSettings inference,
    long checkpointIntervalMillis,
    long checkpointTimeoutMillis,
    String transactionalIdPrefix,
    long transactionTimeoutMillis,
    Map<String, String> kafkaProperties)
    implements Serializable {

  /**
   * Every key with its default as a setting would spell it ({@code null}: required or unset), in
   * the README's order; made from {@link OcrJobOptions#ALL}.
   */
  public static final Map<String, String> KEYS = keys();

  /** The least {@code ocr.output.max-record-bytes}: room for a dead letter's own headers. */
  public static final int MIN_RECORD_BYTES = DeadLetterSerializer.MIN_MAX_RECORD_BYTES;

  private static Map<String, String> keys() {
    Map<String, String> k = new LinkedHashMap<>();
    for (ConfigOption<?> o : OcrJobOptions.ALL) {
      k.put(o.key(), OcrJobOptions.defaultText(o));
    }
    return Collections.unmodifiableMap(k);
  }

  /** Reads the {@code ocr.*} keys of a Flink configuration. */
  public static OcrJobConfig from(Configuration conf) {
    return from(conf.toMap());
  }

  /**
   * Reads the keys from a map (command-line arguments or a Flink configuration); keys not starting
   * with {@code ocr.} are ignored here.
   *
   * @throws IllegalArgumentException naming the key that is missing, bad or unknown
   */
  public static OcrJobConfig from(Map<String, String> m) {
    Map<String, String> values = new HashMap<>();
    Set<String> blank = new HashSet<>();
    m.forEach(
        (key, value) -> {
          if (!key.startsWith(OcrJobOptions.PREFIX)
              || key.startsWith(OcrJobOptions.KAFKA_PROPERTIES_PREFIX)) {
            return;
          }
          if (!KEYS.containsKey(key)) {
            throw new IllegalArgumentException("unknown setting " + key);
          }
          if (value == null || value.isBlank()) {
            blank.add(key);
          } else {
            values.put(key, value.strip());
          }
        });
    Reader r = new Reader(Configuration.fromMap(values), values, blank);
    InferenceSettings inference =
        InferenceSettings.builder(r.required(OcrJobOptions.MODEL_DIR))
            .device(r.required(OcrJobOptions.MODEL_DEVICE))
            .batchSize(r.positiveInt(OcrJobOptions.BATCH_SIZE))
            .maxWaitMillis(r.nonNegative(OcrJobOptions.BATCH_MAX_WAIT_MS))
            .lexiconFile(r.optional(OcrJobOptions.LEXICON_FILE))
            .torchThreads(r.nonNegativeInt(OcrJobOptions.TORCH_THREADS))
            .torchInteropThreads(r.nonNegativeInt(OcrJobOptions.TORCH_INTEROP_THREADS))
            .allowlist(r.optional(OcrJobOptions.ALLOWLIST))
            .modelWatchMillis(r.nonNegative(OcrJobOptions.MODEL_WATCH_INTERVAL_MS))
            .alternatives(
                r.intBetween(OcrJobOptions.OUTPUT_ALTERNATIVES, 0, Recognition.MAX_ALTERNATIVES))
            .build();
    TransactionBudget budget =
        new TransactionBudget(
            r.nonNegative(OcrJobOptions.CHECKPOINT_INTERVAL_MS),
            r.nonNegative(OcrJobOptions.CHECKPOINT_TIMEOUT_MS),
            r.nonNegative(OcrJobOptions.RESTART_MARGIN_MS),
            r.nonNegative(OcrJobOptions.TRANSACTION_TIMEOUT_MS),
            r.nonNegative(OcrJobOptions.MAX_TRANSACTION_TIMEOUT_MS));
    budget.check();
    int maxRecordBytes = r.positiveInt(OcrJobOptions.OUTPUT_MAX_RECORD_BYTES);
    if (maxRecordBytes < MIN_RECORD_BYTES) {
      throw new IllegalArgumentException(
          OcrJobOptions.OUTPUT_MAX_RECORD_BYTES.key() + " must be at least " + MIN_RECORD_BYTES);
    }
    DecodeSettings decode =
        new DecodeSettings(
            r.choice(OcrJobOptions.INPUT_FORMAT),
            r.positiveInt(OcrJobOptions.IMAGE_MAX_BYTES),
            r.nonNegative(OcrJobOptions.IMAGE_MAX_PIXELS),
            r.positiveInt(OcrJobOptions.LEXICON_MAX_WORDS),
            r.positiveInt(OcrJobOptions.LEXICON_MAX_BYTES),
            r.positiveInt(OcrJobOptions.LEXICON_MAX_WORD_CHARS),
            maxRecordBytes);
    return new OcrJobConfig(
        r.required(OcrJobOptions.BOOTSTRAP_SERVERS),
        r.required(OcrJobOptions.GROUP_ID),
        r.required(OcrJobOptions.TOPIC_IN),
        r.required(OcrJobOptions.TOPIC_OUT),
        r.required(OcrJobOptions.TOPIC_DEAD_LETTER),
        r.bool(OcrJobOptions.INPUT_BOUNDED),
        decode,
        inference,
        budget.intervalMillis(),
        budget.checkpointTimeoutMillis(),
        r.required(OcrJobOptions.TRANSACTIONAL_ID_PREFIX),
        budget.transactionTimeoutMillis(),
        KafkaClientProperties.from(m));
  }

  /**
   * Reads typed options with their defaults and checks their values; a blank value counts as
   * missing.
   *
   * @param conf the settings given
   * @param values the same, as text, for messages
   * @param blank keys given with a blank value
   */
  private record Reader(Configuration conf, Map<String, String> values, Set<String> blank) {

    /** The value, or null when neither given nor defaulted (a blank value is not given). */
    String optional(ConfigOption<String> o) {
      return blank.contains(o.key()) ? null : conf.get(o);
    }

    <T> T required(ConfigOption<T> o) {
      T v = blank.contains(o.key()) ? null : conf.get(o);
      if (v == null) {
        throw new IllegalArgumentException("missing " + o.key());
      }
      return v;
    }

    boolean bool(ConfigOption<Boolean> o) {
      return parsed(o, "true or false");
    }

    <E extends Enum<E>> E choice(ConfigOption<E> o) {
      E[] choices = o.defaultValue().getDeclaringClass().getEnumConstants();
      List<String> names = new ArrayList<>();
      for (E e : choices) {
        names.add(e.name().toLowerCase(Locale.ROOT));
      }
      return parsed(o, String.join(" or ", names));
    }

    long nonNegative(ConfigOption<Long> o) {
      long v = parsed(o, "a non-negative integer");
      if (v < 0) {
        throw bad(o, "a non-negative integer");
      }
      return v;
    }

    int nonNegativeInt(ConfigOption<Integer> o) {
      int v = parsed(o, "a non-negative integer");
      if (v < 0) {
        throw bad(o, "a non-negative integer");
      }
      return v;
    }

    int intBetween(ConfigOption<Integer> o, int least, int most) {
      String what = "an integer between " + least + " and " + most;
      int v = parsed(o, what);
      if (v < least || v > most) {
        throw bad(o, what);
      }
      return v;
    }

    int positiveInt(ConfigOption<Integer> o) {
      int v = nonNegativeInt(o);
      if (v < 1) {
        throw new IllegalArgumentException(o.key() + " must be at least 1");
      }
      return v;
    }

    /** The typed value; a value Flink cannot convert is named with what it should be. */
    private <T> T parsed(ConfigOption<T> o, String what) {
      T v;
      try {
        v = required(o);
      } catch (IllegalArgumentException e) {
        if (blank.contains(o.key()) || !values.containsKey(o.key())) {
          throw e;
        }
        throw bad(o, what);
      }
      return v;
    }

    private IllegalArgumentException bad(ConfigOption<?> o, String what) {
      return new IllegalArgumentException(
          o.key() + " must be " + what + ", not '" + values.get(o.key()) + "'");
    }
  }
}
