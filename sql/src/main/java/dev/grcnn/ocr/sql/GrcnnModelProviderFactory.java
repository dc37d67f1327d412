package dev.grcnn.ocr.sql;

import dev.grcnn.ocr.model.decode.Recognition;
import dev.grcnn.ocr.operators.InferenceSettings;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.ModelProviderFactory;
import org.apache.flink.table.ml.ModelProvider;

/**
 * {@code CREATE MODEL m INPUT (image BYTES[, lexicon STRING]) OUTPUT (text STRING, ...) WITH
 * ('provider' = 'grcnn', 'model.dir' = '...')}: the GRCNN read inside the task, batched.
 */
public final class GrcnnModelProviderFactory implements ModelProviderFactory {

  /** The value of {@code 'provider'}. */
  public static final String IDENTIFIER = "grcnn";

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(GrcnnModelOptions.MODEL_DIR);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(
        GrcnnModelOptions.DEVICE,
        GrcnnModelOptions.MODEL_WATCH_INTERVAL,
        GrcnnModelOptions.BATCH_SIZE,
        GrcnnModelOptions.BATCH_MAX_WAIT,
        GrcnnModelOptions.TORCH_THREADS,
        GrcnnModelOptions.LEXICON_FILE,
        GrcnnModelOptions.ALLOWLIST,
        GrcnnModelOptions.IMAGE_MAX_BYTES,
        GrcnnModelOptions.IMAGE_MAX_PIXELS,
        GrcnnModelOptions.OUTPUT_ALTERNATIVES);
  }

  @Override
  public ModelProvider createModelProvider(Context context) {
    FactoryUtil.ModelProviderFactoryHelper helper =
        FactoryUtil.createModelProviderFactoryHelper(this, context);
    helper.validate();
    ReadableConfig options = helper.getOptions();
    var model = context.getCatalogModel();
    ModelColumns columns =
        ModelColumns.of(model.getResolvedInputSchema(), model.getResolvedOutputSchema());
    int alternatives = options.get(GrcnnModelOptions.OUTPUT_ALTERNATIVES);
    if (alternatives < 0 || alternatives > Recognition.MAX_ALTERNATIVES) {
      throw new ValidationException(
          "model "
              + context.getObjectIdentifier()
              + ": '"
              + GrcnnModelOptions.OUTPUT_ALTERNATIVES.key()
              + "' must be between 0 and "
              + Recognition.MAX_ALTERNATIVES
              + ", not "
              + alternatives);
    }
    InferenceSettings inference;
    try {
      inference =
          InferenceSettings.builder(options.get(GrcnnModelOptions.MODEL_DIR))
              .device(options.get(GrcnnModelOptions.DEVICE))
              .batchSize(options.get(GrcnnModelOptions.BATCH_SIZE))
              .maxWaitMillis(options.get(GrcnnModelOptions.BATCH_MAX_WAIT).toMillis())
              .lexiconFile(options.getOptional(GrcnnModelOptions.LEXICON_FILE).orElse(null))
              .torchThreads(options.get(GrcnnModelOptions.TORCH_THREADS))
              .allowlist(options.getOptional(GrcnnModelOptions.ALLOWLIST).orElse(null))
              .modelWatchMillis(options.get(GrcnnModelOptions.MODEL_WATCH_INTERVAL).toMillis())
              .alternatives(alternatives)
              .build();
    } catch (IllegalArgumentException e) {
      throw new ValidationException(
          "model " + context.getObjectIdentifier() + ": " + e.getMessage());
    }
    if (columns.has(ModelColumns.Field.ALTERNATIVES) && inference.alternatives() == 0) {
      throw new ValidationException(
          "model "
              + context.getObjectIdentifier()
              + ": the output column alternatives needs '"
              + GrcnnModelOptions.OUTPUT_ALTERNATIVES.key()
              + "' between 1 and "
              + Recognition.MAX_ALTERNATIVES);
    }
    return new GrcnnModelProvider(
        new ModelSetup(
            inference,
            options.get(GrcnnModelOptions.IMAGE_MAX_BYTES),
            options.get(GrcnnModelOptions.IMAGE_MAX_PIXELS),
            columns));
  }
}
