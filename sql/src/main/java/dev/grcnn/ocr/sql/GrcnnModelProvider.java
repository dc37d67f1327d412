package dev.grcnn.ocr.sql;

import dev.grcnn.ocr.operators.InferenceSettings;
import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.functions.PredictFunction;
import org.apache.flink.table.ml.AsyncPredictRuntimeProvider;
import org.apache.flink.table.ml.ModelProvider;
import org.apache.flink.table.ml.PredictRuntimeProvider;

/**
 * The runtime of a grcnn model: asynchronous and batched by default ({@link
 * BatchingPredictFunction}); one row at a time when a query asks for {@code 'async' = 'false'}.
 */
final class GrcnnModelProvider implements AsyncPredictRuntimeProvider, PredictRuntimeProvider {

  private final InferenceSettings settings;
  private final int maxImageBytes;
  private final long maxImagePixels;
  private final ModelColumns columns;

  GrcnnModelProvider(
      InferenceSettings settings, int maxImageBytes, long maxImagePixels, ModelColumns columns) {
    this.settings = settings;
    this.maxImageBytes = maxImageBytes;
    this.maxImagePixels = maxImagePixels;
    this.columns = columns;
  }

  @Override
  public AsyncPredictFunction createAsyncPredictFunction(Context context) {
    return new BatchingPredictFunction(settings, maxImageBytes, maxImagePixels, columns);
  }

  @Override
  public PredictFunction createPredictFunction(Context context) {
    return new RowPredictFunction(settings, maxImageBytes, maxImagePixels, columns);
  }

  @Override
  public ModelProvider copy() {
    return new GrcnnModelProvider(settings, maxImageBytes, maxImagePixels, columns);
  }
}
