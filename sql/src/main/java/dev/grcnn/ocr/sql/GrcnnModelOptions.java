package dev.grcnn.ocr.sql;

import dev.grcnn.ocr.model.decode.Recognition;
import dev.grcnn.ocr.model.image.ImagePreprocessor;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The options of {@code CREATE MODEL ... WITH ('provider' = 'grcnn', ...)}. */
public final class GrcnnModelOptions {

  private GrcnnModelOptions() {}

  public static final ConfigOption<String> MODEL_DIR =
      ConfigOptions.key("model.dir")
          .stringType()
          .noDefaultValue()
          .withDescription("model directory: a local path or a Flink FileSystem URI (s3://...)");

  public static final ConfigOption<Duration> MODEL_WATCH_INTERVAL =
      ConfigOptions.key("model.watch-interval")
          .durationType()
          .defaultValue(Duration.ZERO)
          .withDescription(
              "0: model.dir is one model directory; above 0: a folder of versions (one model"
                  + " directory each), looked at this often by each task's inference thread; a"
                  + " newer version that loads and passes the smoke check is swapped in between two"
                  + " batches, as in the streaming job (ocr.model.watch-interval-ms)");

  public static final ConfigOption<String> DEVICE =
      ConfigOptions.key("device")
          .stringType()
          .defaultValue("auto")
          .withDescription("auto, cpu, gpu or gpu:N");

  public static final ConfigOption<Integer> BATCH_SIZE =
      ConfigOptions.key("batch.size")
          .intType()
          .defaultValue(32)
          .withDescription(
              "most rows per forward pass; a batch fills only as far as the async operator lets"
                  + " rows be in flight ('max-concurrent-operations')");

  public static final ConfigOption<Duration> BATCH_MAX_WAIT =
      ConfigOptions.key("batch.max-wait")
          .durationType()
          .defaultValue(Duration.ofMillis(50))
          .withDescription("longest a row waits for its batch to fill");

  public static final ConfigOption<Integer> TORCH_THREADS =
      ConfigOptions.key("torch.threads")
          .intType()
          .defaultValue(0)
          .withDescription("PyTorch intra-op threads per TaskManager; 0: PyTorch's default");

  public static final ConfigOption<String> LEXICON_FILE =
      ConfigOptions.key("lexicon.file")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "lexicon, one word a line (local path or URI), for rows without a lexicon column"
                  + " value");

  public static final ConfigOption<String> ALLOWLIST =
      ConfigOptions.key("allowlist")
          .stringType()
          .noDefaultValue()
          .withDescription("characters readings may contain (masked inside decoding)");

  public static final ConfigOption<Integer> IMAGE_MAX_BYTES =
      ConfigOptions.key("image.max-bytes")
          .intType()
          .defaultValue(ImagePreprocessor.DEFAULT_MAX_BYTES)
          .withDescription("larger images are not read (the row's error says so)");

  public static final ConfigOption<Long> IMAGE_MAX_PIXELS =
      ConfigOptions.key("image.max-pixels")
          .longType()
          .defaultValue(ImagePreprocessor.DEFAULT_MAX_PIXELS)
          .withDescription("width x height limit, checked from the image header");

  public static final ConfigOption<Integer> OUTPUT_ALTERNATIVES =
      ConfigOptions.key("output.alternatives")
          .intType()
          .defaultValue(0)
          .withDescription(
              "alternative readings per row in the column alternatives (0 to "
                  + Recognition.MAX_ALTERNATIVES
                  + "), the row's text first; the column needs it above 0");
}
