package dev.grcnn.ocr.job;

import dev.grcnn.ocr.model.decode.Recognition;
import dev.grcnn.ocr.model.image.ImagePreprocessor;
import dev.grcnn.ocr.operators.DeadLetterSerializer;
import dev.grcnn.ocr.operators.DecodeSettings;
import dev.grcnn.ocr.operators.InputFormat;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The job's settings as typed Flink options, each with its key, type, default and description in
 * this one place (as the Kafka connector's {@code KafkaSourceOptions}). {@link OcrJobConfig} reads
 * them; the README's configuration table is made from {@link #ALL} and checked against it by a
 * test. Set them as {@code --key value} arguments of the job, in the cluster's Flink configuration,
 * or with {@code ./ocr run -Dkey=value}.
 */
public final class OcrJobOptions {

  /** Every key of the job starts with this; other keys are Flink's. */
  public static final String PREFIX = "ocr.";

  /**
   * Kafka client properties go under this prefix ({@code ocr.kafka.properties.security.protocol
   * SASL_SSL}), to the source, both sinks and the start-up check ({@link KafkaClientProperties}).
   */
  public static final String KAFKA_PROPERTIES_PREFIX = "ocr.kafka.properties.";

  /** The default input topic (a constant, for annotations such as the command line's). */
  public static final String DEFAULT_TOPIC_IN = "ocr.crops";

  /** The default output topic. */
  public static final String DEFAULT_TOPIC_OUT = "ocr.text";

  /** The default dead-letter topic. */
  public static final String DEFAULT_TOPIC_DEAD_LETTER = "ocr.dead-letter";

  /**
   * Kafka's default {@code transaction.max.timeout.ms} (15 min), which the sinks' transaction
   * timeout must stay under.
   */
  public static final long BROKER_MAX_TRANSACTION_TIMEOUT_MS = 900_000;

  public static final ConfigOption<String> BOOTSTRAP_SERVERS =
      ConfigOptions.key("ocr.kafka.bootstrap-servers")
          .stringType()
          .noDefaultValue()
          .withDescription("Kafka");

  public static final ConfigOption<String> GROUP_ID =
      ConfigOptions.key("ocr.kafka.group-id")
          .stringType()
          .defaultValue("grcnn-ocr")
          .withDescription("consumer group of the source");

  public static final ConfigOption<String> TOPIC_IN =
      ConfigOptions.key("ocr.topic.in")
          .stringType()
          .defaultValue(DEFAULT_TOPIC_IN)
          .withDescription("crops");

  public static final ConfigOption<String> TOPIC_OUT =
      ConfigOptions.key("ocr.topic.out")
          .stringType()
          .defaultValue(DEFAULT_TOPIC_OUT)
          .withDescription("results");

  public static final ConfigOption<String> TOPIC_DEAD_LETTER =
      ConfigOptions.key("ocr.topic.dead-letter")
          .stringType()
          .defaultValue(DEFAULT_TOPIC_DEAD_LETTER)
          .withDescription("records that cannot be recognised");

  public static final ConfigOption<InputFormat> INPUT_FORMAT =
      ConfigOptions.key("ocr.input.format")
          .enumType(InputFormat.class)
          .defaultValue(InputFormat.RAW)
          .withDescription("`raw` (image bytes) or `json` (envelope)");

  public static final ConfigOption<Boolean> INPUT_BOUNDED =
      ConfigOptions.key("ocr.input.bounded")
          .booleanType()
          .defaultValue(false)
          .withDescription("stop at the end offsets seen at start (tests, benchmarks)");

  public static final ConfigOption<String> MODEL_DIR =
      ConfigOptions.key("ocr.model.dir")
          .stringType()
          .noDefaultValue()
          .withDescription("model directory: local path or Flink FileSystem URI");

  public static final ConfigOption<Long> MODEL_WATCH_INTERVAL_MS =
      ConfigOptions.key("ocr.model.watch-interval-ms")
          .longType()
          .defaultValue(0L)
          .withDescription(
              "0: `ocr.model.dir` is one model directory; above 0: a folder of versions (one model"
                  + " directory each), looked at this often; a newer version that loads and passes"
                  + " the smoke check is swapped in between two batches");

  public static final ConfigOption<String> MODEL_DEVICE =
      ConfigOptions.key("ocr.model.device")
          .stringType()
          .defaultValue("auto")
          .withDescription("`auto`, `cpu`, `gpu`, `gpu:N`");

  public static final ConfigOption<Integer> BATCH_SIZE =
      ConfigOptions.key("ocr.batch.size")
          .intType()
          .defaultValue(32)
          .withDescription("most crops per forward pass");

  public static final ConfigOption<Long> BATCH_MAX_WAIT_MS =
      ConfigOptions.key("ocr.batch.max-wait-ms")
          .longType()
          .defaultValue(50L)
          .withDescription("longest a crop waits for its batch to fill");

  public static final ConfigOption<String> LEXICON_FILE =
      ConfigOptions.key("ocr.lexicon.file")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "global lexicon, one word a line (local path or URI), for crops without their own;"
                  + " BK-tree above 2,000 words");

  public static final ConfigOption<String> ALLOWLIST =
      ConfigOptions.key("ocr.allowlist")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "characters readings may contain (e.g. `0123456789`), for crops without an"
                  + " `ocr.allowlist` header; masked inside decoding; none: the whole alphabet");

  public static final ConfigOption<Integer> LEXICON_MAX_WORDS =
      ConfigOptions.key("ocr.lexicon.max-words")
          .intType()
          .defaultValue(DecodeSettings.DEFAULT_MAX_LEXICON_WORDS)
          .withDescription("a record's lexicon above this is a dead letter (`BAD_LEXICON`)");

  public static final ConfigOption<Integer> LEXICON_MAX_BYTES =
      ConfigOptions.key("ocr.lexicon.max-bytes")
          .intType()
          .defaultValue(DecodeSettings.DEFAULT_MAX_LEXICON_BYTES)
          .withDescription(
              "a record's lexicon (UTF-8) above this is a dead letter (`BAD_LEXICON`), refused"
                  + " before it is decoded; with the word limits it bounds the decoding work a"
                  + " crop can cost");

  public static final ConfigOption<Integer> LEXICON_MAX_WORD_CHARS =
      ConfigOptions.key("ocr.lexicon.max-word-chars")
          .intType()
          .defaultValue(DecodeSettings.DEFAULT_MAX_LEXICON_WORD_CHARS)
          .withDescription(
              "a record's lexicon with a longer word is a dead letter (`BAD_LEXICON`); words"
                  + " that fit but are too long for the model's output (26 steps) are skipped");

  public static final ConfigOption<Integer> IMAGE_MAX_BYTES =
      ConfigOptions.key("ocr.image.max-bytes")
          .intType()
          .defaultValue(ImagePreprocessor.DEFAULT_MAX_BYTES)
          .withDescription("larger records are dead letters (`TOO_LARGE`)");

  public static final ConfigOption<Long> IMAGE_MAX_PIXELS =
      ConfigOptions.key("ocr.image.max-pixels")
          .longType()
          .defaultValue(ImagePreprocessor.DEFAULT_MAX_PIXELS)
          .withDescription("width x height limit, checked from the image header");

  public static final ConfigOption<Integer> OUTPUT_MAX_RECORD_BYTES =
      ConfigOptions.key("ocr.output.max-record-bytes")
          .intType()
          .defaultValue(DeadLetterSerializer.DEFAULT_MAX_RECORD_BYTES)
          .withDescription(
              "largest record the sinks write (under Kafka's default 1 MiB): a dead letter above"
                  + " it leaves out the original value (then headers, then key) and says so in"
                  + " `ocr.error.dropped`; a crop whose result could exceed it (a huge id or"
                  + " `meta`) is a `TOO_LARGE` dead letter. Raise it together with the output"
                  + " topics' `max.message.bytes`");

  public static final ConfigOption<Integer> OUTPUT_ALTERNATIVES =
      ConfigOptions.key("ocr.output.alternatives")
          .intType()
          .defaultValue(0)
          .withDescription(
              "alternative readings per result (0 to "
                  + Recognition.MAX_ALTERNATIVES
                  + "), in its `alternatives`: its own text first, then the likeliest other"
                  + " readings (prefix beam search) or lexicon words, each with its CTC"
                  + " probability; 0: none, no `alternatives` field");

  public static final ConfigOption<Integer> TORCH_THREADS =
      ConfigOptions.key("ocr.torch.threads")
          .intType()
          .defaultValue(0)
          .withDescription(
              "PyTorch intra-op threads per TaskManager; 0: PyTorch's default, one per core");

  public static final ConfigOption<Integer> TORCH_INTEROP_THREADS =
      ConfigOptions.key("ocr.torch.interop-threads")
          .intType()
          .defaultValue(0)
          .withDescription("PyTorch inter-op threads per TaskManager; 0: PyTorch's default");

  public static final ConfigOption<Long> CHECKPOINT_INTERVAL_MS =
      ConfigOptions.key("ocr.checkpoint.interval-ms")
          .longType()
          .defaultValue(10_000L)
          .withDescription(
              "checkpoints commit the output, so this bounds the latency; at least 1 (exactly"
                  + " once needs checkpoints)");

  public static final ConfigOption<Long> CHECKPOINT_TIMEOUT_MS =
      ConfigOptions.key("ocr.checkpoint.timeout-ms")
          .longType()
          .defaultValue(120_000L)
          .withDescription(
              "a checkpoint not complete by then fails, and the job restarts from the last one;"
                  + " well below the transaction timeout, so that no transaction is aborted"
                  + " before its checkpoint commits it");

  public static final ConfigOption<Long> RESTART_MARGIN_MS =
      ConfigOptions.key("ocr.checkpoint.restart-margin-ms")
          .longType()
          .defaultValue(120_000L)
          .withDescription(
              "time a restart may take before the restored job commits its last checkpoint's"
                  + " transactions (restart delay, model load); the job's default restart"
                  + " strategy waits at most "
                  + BoundedRestarts.MAX_DELAY.toSeconds()
                  + " s");

  public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
      ConfigOptions.key("ocr.transactional-id-prefix")
          .stringType()
          .defaultValue("grcnn-ocr")
          .withDescription(
              "prefix of the sinks' transactional ids; unique per job on a Kafka cluster");

  public static final ConfigOption<Long> TRANSACTION_TIMEOUT_MS =
      ConfigOptions.key("ocr.kafka.transaction-timeout-ms")
          .longType()
          .defaultValue(600_000L)
          .withDescription(
              "the sinks' transaction timeout: the job refuses to start unless it exceeds"
                  + " `ocr.checkpoint.interval-ms` + `ocr.checkpoint.timeout-ms` +"
                  + " `ocr.checkpoint.restart-margin-ms`, and it may not exceed"
                  + " `ocr.kafka.max-transaction-timeout-ms`");

  public static final ConfigOption<Long> MAX_TRANSACTION_TIMEOUT_MS =
      ConfigOptions.key("ocr.kafka.max-transaction-timeout-ms")
          .longType()
          .defaultValue(BROKER_MAX_TRANSACTION_TIMEOUT_MS)
          .withDescription(
              "the brokers' `transaction.max.timeout.ms` (Kafka's default: 15 min), above which"
                  + " they refuse every transaction; raise the two together");

  /** Every option, in the README's order. */
  public static final List<ConfigOption<?>> ALL =
      List.of(
          BOOTSTRAP_SERVERS,
          GROUP_ID,
          TOPIC_IN,
          TOPIC_OUT,
          TOPIC_DEAD_LETTER,
          INPUT_FORMAT,
          INPUT_BOUNDED,
          MODEL_DIR,
          MODEL_WATCH_INTERVAL_MS,
          MODEL_DEVICE,
          BATCH_SIZE,
          BATCH_MAX_WAIT_MS,
          LEXICON_FILE,
          ALLOWLIST,
          LEXICON_MAX_WORDS,
          LEXICON_MAX_BYTES,
          LEXICON_MAX_WORD_CHARS,
          IMAGE_MAX_BYTES,
          IMAGE_MAX_PIXELS,
          OUTPUT_MAX_RECORD_BYTES,
          OUTPUT_ALTERNATIVES,
          TORCH_THREADS,
          TORCH_INTEROP_THREADS,
          CHECKPOINT_INTERVAL_MS,
          CHECKPOINT_TIMEOUT_MS,
          RESTART_MARGIN_MS,
          TRANSACTIONAL_ID_PREFIX,
          TRANSACTION_TIMEOUT_MS,
          MAX_TRANSACTION_TIMEOUT_MS);

  /** The options without a default that the job cannot start without. */
  public static final List<ConfigOption<?>> REQUIRED = List.of(BOOTSTRAP_SERVERS, MODEL_DIR);

  private OcrJobOptions() {}

  /**
   * An option's default as a setting would spell it ({@code raw} for {@link InputFormat#RAW}), or
   * null when it has none.
   */
  public static String defaultText(ConfigOption<?> option) {
    if (!option.hasDefaultValue()) {
      return null;
    }
    Object v = option.defaultValue();
    return v instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : String.valueOf(v);
  }
}
