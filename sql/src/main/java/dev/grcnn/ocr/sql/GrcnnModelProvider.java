package dev.grcnn.ocr.sql;

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

  private final ModelSetup setup;

  GrcnnModelProvider(ModelSetup setup) {
    this.setup = setup;
  }

  @Override
  public AsyncPredictFunction createAsyncPredictFunction(Context context) {
    return new BatchingPredictFunction(setup);
  }

  @Override
  public PredictFunction createPredictFunction(Context context) {
    return new RowPredictFunction(setup);
  }

  @Override
  public ModelProvider copy() {
    return new GrcnnModelProvider(setup);
  }
}
