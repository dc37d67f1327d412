package dev.grcnn.ocr.sql;

import dev.grcnn.ocr.operators.InferenceSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.functions.FunctionContext;

/**
 * ML_PREDICT's asynchronous function: each row's image is decoded on the task thread (a bad one
 * completes its future at once with the {@code error} column set), then queued; one inference
 * thread per task takes up to {@code batch.size} queued rows, or what came within {@code
 * batch.max-wait} of the first, runs one forward pass and completes each row's future. Rows in
 * flight are Flink's async operator's to checkpoint and replay, so the queue holds no state. With
 * {@code model.watch-interval} above 0 the same thread looks for a newer model version that often,
 * between two batches, as the streaming job's inference operator does ({@link GrcnnReader}).
 *
 * <p>Public: the planner's generated code calls it.
 */
public final class BatchingPredictFunction extends AsyncPredictFunction {

  private static final long serialVersionUID = 1L;

  private final ModelSetup setup;
  private final InferenceSettings settings;
  private final ModelColumns columns;

  private transient GrcnnReader reader;
  private transient BlockingQueue<Pending> queue;
  private transient Thread inference;
  private transient volatile boolean running;
  private transient Histogram batchSizes;
  private transient Histogram inferenceMillis;
  private transient Counter unreadable;

  /** A row waiting for its batch. */
  private record Pending(GrcnnReader.Input input, CompletableFuture<Collection<RowData>> result) {}

  BatchingPredictFunction(ModelSetup setup) {
    this.setup = setup;
    this.settings = setup.settings();
    this.columns = setup.columns();
  }

  @Override
  public void open(FunctionContext context) throws Exception {
    reader = setup.newReader();
    var metrics = context.getMetricGroup();
    batchSizes = metrics.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
    inferenceMillis =
        metrics.histogram("inferenceMillis", new DescriptiveStatisticsHistogram(1000));
    unreadable = metrics.counter("unreadableImages");
    metrics.gauge("modelVersion", reader::modelVersion);
    metrics.gauge("modelSwaps", reader::swaps);
    metrics.gauge("modelVersionsRefused", reader::refusedVersions);
    queue = new LinkedBlockingQueue<>();
    running = true;
    inference = new Thread(this::inferLoop, "grcnn-ml-predict");
    inference.setDaemon(true);
    inference.start();
  }

  @Override
  public CompletableFuture<Collection<RowData>> asyncPredict(RowData row) {
    CompletableFuture<Collection<RowData>> result = new CompletableFuture<>();
    float[] input;
    try {
      input = reader.decode(ModelColumns.image(row));
    } catch (Exception | OutOfMemoryError | StackOverflowError e) {
      // A bad image never fails the query: its row says why it was not read.
      unreadable.inc();
      result.complete(
          List.of(columns.result(RowReading.failed(reader.modelVersion(), GrcnnReader.reason(e)))));
      return result;
    }
    queue.add(new Pending(new GrcnnReader.Input(input, columns.lexicon(row)), result));
    return result;
  }

  private void inferLoop() {
    List<Pending> batch = new ArrayList<>(settings.batchSize());
    VersionWatch watch = new VersionWatch(settings.modelWatchMillis());
    while (running) {
      try {
        if (watch.due()) {
          reader.swapIfNewer(); // between two batches, on the thread that reads them
        }
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.maxWaitMillis());
        while (batch.size() < settings.batchSize()) {
          long left = deadline - System.nanoTime();
          Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
          if (next == null) {
            break;
          }
          batch.add(next);
        }
        readBatch(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        batch.clear();
      }
    }
  }

  private void readBatch(List<Pending> batch) {
    List<GrcnnReader.Input> inputs = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      inputs.add(p.input());
    }
    ForwardPass pass;
    try {
      pass = reader.read(inputs);
    } catch (Throwable e) {
      // The model failed, not the rows: the task fails and restarts from its checkpoint.
      batch.forEach(p -> p.result().completeExceptionally(e));
      return;
    }
    inferenceMillis.update(pass.millis());
    batchSizes.update(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(List.of(columns.result(pass.readings().get(i), pass)));
    }
  }

  @Override
  public void close() throws Exception {
    running = false;
    if (inference != null) {
      inference.interrupt();
      inference.join();
    }
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }
}
