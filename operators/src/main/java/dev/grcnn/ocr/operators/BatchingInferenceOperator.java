package dev.grcnn.ocr.operators;

import dev.grcnn.ocr.model.NativeAllocator;
import dev.grcnn.ocr.model.OcrModel;
import dev.grcnn.ocr.model.decode.Recognition;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs the GRCNN on micro-batches: crops are buffered until {@code batchSize} are waiting or the
 * oldest has waited {@code maxWaitMillis}, whichever comes first, then read in one forward pass.
 * The buffer is flushed before every checkpoint barrier and at end of input, so no crop is ever
 * held across a checkpoint and exactly-once holds downstream (the buffer needs no state). The model
 * is loaded once per task in {@link #open()} and its native memory freed in {@link #close()}.
 *
 * <p>Each crop's reading is restricted to its own allowlist, else the job's, when there is one
 * (masked inside decoding). Each crop is decoded against its own lexicon when it has one, else
 * against the job's global lexicon when there is one, else greedily ({@link ReadingDecoder}).
 */
public final class BatchingInferenceOperator extends AbstractStreamOperator<Recognized>
    implements OneInputStreamOperator<DecodedCrop, Recognized>, ProcessingTimeCallback {

  private static final long serialVersionUID = 1L;

  /** The batch size and inference time histograms describe this many latest batches. */
  static final int HISTOGRAM_WINDOW = 1000;

  private final InferenceSettings settings;

  private transient LiveModel live;
  private transient OcrModel model;
  private transient ReadingDecoder decoder;
  private transient List<DecodedCrop> buffer;
  private transient boolean timerPending;
  private transient Histogram batchSizes;
  private transient Histogram inferenceMillis;
  private transient Counter recognized;
  private transient long modelLoadMillis;

  /** Creates the operator. */
  public BatchingInferenceOperator(InferenceSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open() throws Exception {
    super.open();
    long start = System.nanoTime();
    TorchThreads.beforeEngineStart(settings.torchThreads(), settings.torchInteropThreads());
    live = LiveModel.open(settings);
    model = live.model();
    TorchThreads.afterEngineStart(settings.torchThreads());
    modelLoadMillis = (System.nanoTime() - start) / 1_000_000;
    logAllocator();
    // Versions swapped in later have the same alphabet (LiveModel refuses others).
    decoder = ReadingDecoder.of(settings, model.alphabet());
    buffer = new ArrayList<>(settings.batchSize());
    var metrics = getMetricGroup();
    batchSizes =
        metrics.histogram("batchSize", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    inferenceMillis =
        metrics.histogram("inferenceMillis", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    recognized = metrics.counter("recognized");
    metrics.gauge("modelLoadMillis", () -> modelLoadMillis);
    metrics.gauge("modelVersion", () -> live.version());
    metrics.gauge("modelSwaps", () -> live.swaps());
    metrics.gauge("modelVersionsRefused", () -> live.refusedCount());
    if (settings.modelWatchMillis() > 0) {
      watchModelVersions();
    }
  }

  /**
   * Names the native allocator PyTorch runs with, and warns when it returns PyTorch's buffers to
   * the kernel after every pass (half the speed or less: README, "Native memory allocator").
   */
  private static void logAllocator() {
    boolean jemalloc = NativeAllocator.jemallocLoaded();
    String allocator = NativeAllocator.describe(jemalloc, System.getenv());
    NativeAllocator.problem(jemalloc, System.getenv())
        .ifPresentOrElse(
            p ->
                LOG.warn(
                    "PyTorch runs with {}: {} (README, 'Native memory allocator')", allocator, p),
            () -> LOG.info("PyTorch runs with {}", allocator));
  }

  /** Looks for a newer model version every modelWatchMillis, on the task thread. */
  private void watchModelVersions() {
    long due = getProcessingTimeService().getCurrentProcessingTime() + settings.modelWatchMillis();
    getProcessingTimeService()
        .registerTimer(
            due,
            time -> {
              swapInNewerModel();
              watchModelVersions();
            });
  }

  /**
   * Loads a newer version beside the serving one and, when it passes, swaps it in between two
   * batches: the crops waiting are read by the model they came to first.
   */
  void swapInNewerModel() {
    live.newer()
        .ifPresent(
            next -> {
              flush();
              live.swap(next);
              model = live.model();
            });
  }

  @Override
  public void processElement(StreamRecord<DecodedCrop> element) throws Exception {
    buffer.add(element.getValue());
    if (buffer.size() >= settings.batchSize()) {
      flush();
    } else if (!timerPending) {
      long due = getProcessingTimeService().getCurrentProcessingTime() + settings.maxWaitMillis();
      getProcessingTimeService().registerTimer(due, this);
      timerPending = true;
    }
  }

  @Override
  public void onProcessingTime(long time) throws Exception {
    // A timer of an earlier batch may fire after a size- or checkpoint-flush: it then flushes a
    // younger batch early, which costs a smaller batch but never delays a crop.
    timerPending = false;
    flush();
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    flush();
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }

  @Override
  public void close() throws Exception {
    try {
      if (live != null) {
        live.close();
        live = null;
        model = null;
      }
    } finally {
      super.close();
    }
  }

  private void flush() {
    if (buffer.isEmpty()) {
      return;
    }
    List<float[]> inputs = new ArrayList<>(buffer.size());
    for (DecodedCrop crop : buffer) {
      inputs.add(crop.input);
    }
    long start = System.nanoTime();
    float[][][] logProbs = model.logProbabilities(inputs);
    long millis = (System.nanoTime() - start) / 1_000_000;
    batchSizes.update(buffer.size());
    inferenceMillis.update(millis);
    for (int i = 0; i < buffer.size(); i++) {
      DecodedCrop crop = buffer.get(i);
      Recognized out = decode(crop, logProbs[i]);
      out.batchSize = buffer.size();
      out.inferenceMillis = millis;
      out.recognizedAt = System.currentTimeMillis();
      out.latencyMillis = out.recognizedAt - crop.receivedAt;
      output.collect(new StreamRecord<>(out));
    }
    recognized.inc(buffer.size());
    buffer.clear();
  }

  private Recognized decode(DecodedCrop crop, float[][] networkOutput) {
    ReadingDecoder.Reading reading = decoder.decode(networkOutput, crop.lexicon, crop.allowlist);
    Recognition r = reading.recognition();
    Recognized out = new Recognized();
    out.id = crop.id;
    out.key = crop.key;
    out.text = r.text();
    out.confidence = r.confidence();
    out.characterConfidences =
        r.characterConfidences().stream().mapToDouble(Double::doubleValue).toArray();
    out.greedyText = r.greedyText();
    out.alternatives = ReadingAlternative.listOf(r.alternatives());
    out.decoding = reading.decoding();
    out.model = model.info().name();
    out.modelVersion = live.version();
    out.topic = crop.topic;
    out.partition = crop.partition;
    out.offset = crop.offset;
    out.meta = crop.meta;
    out.receivedAt = crop.receivedAt;
    return out;
  }
}
