package dev.grcnn.ocr.sql;

import java.util.Collection;
import java.util.List;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.PredictFunction;

/** ML_PREDICT with {@code 'async' = 'false'}: one forward pass per row, on the task thread. */
public final class RowPredictFunction extends PredictFunction {

  private static final long serialVersionUID = 1L;

  private final ModelSetup setup;
  private final ModelColumns columns;

  private transient GrcnnReader reader;
  private transient VersionWatch watch;

  RowPredictFunction(ModelSetup setup) {
    this.setup = setup;
    this.columns = setup.columns();
  }

  @Override
  public void open(FunctionContext context) throws Exception {
    reader = setup.newReader();
    watch = new VersionWatch(setup.settings().modelWatchMillis());
  }

  @Override
  public Collection<RowData> predict(RowData row) {
    if (watch.due()) {
      reader.swapIfNewer();
    }
    float[] input;
    try {
      input = reader.decode(ModelColumns.image(row));
    } catch (Exception | OutOfMemoryError | StackOverflowError e) {
      return List.of(
          columns.result(RowReading.failed(reader.modelVersion(), GrcnnReader.reason(e))));
    }
    ForwardPass pass = reader.read(List.of(new GrcnnReader.Input(input, columns.lexicon(row))));
    return List.of(columns.result(pass.readings().get(0), pass));
  }

  @Override
  public void close() throws Exception {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }
}
