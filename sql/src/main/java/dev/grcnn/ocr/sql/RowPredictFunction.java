package dev.grcnn.ocr.sql;

import dev.grcnn.ocr.operators.InferenceSettings;
import java.util.Collection;
import java.util.List;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.PredictFunction;

/** ML_PREDICT with {@code 'async' = 'false'}: one forward pass per row, on the task thread. */
public final class RowPredictFunction extends PredictFunction {

  private static final long serialVersionUID = 1L;

  private final InferenceSettings settings;
  private final int maxImageBytes;
  private final long maxImagePixels;
  private final ModelColumns columns;

  private transient GrcnnReader reader;

  RowPredictFunction(
      InferenceSettings settings, int maxImageBytes, long maxImagePixels, ModelColumns columns) {
    this.settings = settings;
    this.maxImageBytes = maxImageBytes;
    this.maxImagePixels = maxImagePixels;
    this.columns = columns;
  }

  @Override
  public void open(FunctionContext context) throws Exception {
    reader = new GrcnnReader(settings, maxImageBytes, maxImagePixels);
  }

  @Override
  public Collection<RowData> predict(RowData row) {
    float[] input;
    try {
      input = reader.decode(ModelColumns.image(row));
    } catch (Exception | OutOfMemoryError | StackOverflowError e) {
      return List.of(
          columns.result(RowReading.failed(reader.modelVersion(), GrcnnReader.reason(e))));
    }
    RowReading r = reader.read(List.of(new GrcnnReader.Input(input, columns.lexicon(row)))).get(0);
    return List.of(columns.result(r));
  }

  @Override
  public void close() throws Exception {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }
}
