package dev.grcnn.ocr.operators;

import dev.grcnn.ocr.model.OcrModel;
import dev.grcnn.ocr.model.decode.DecodeMethod;
import dev.grcnn.ocr.model.decode.Lexicon;
import dev.grcnn.ocr.model.decode.LexiconDecoder;
import dev.grcnn.ocr.model.decode.Recognition;
import java.nio.file.Path;
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
 * held across a checkpoint and exactly-once holds downstream. The model is loaded once per task in
 * {@link #open()} and its native memory freed in {@link #close()}.
 */
public final class BatchingInferenceOperator extends AbstractStreamOperator<Recognized>
    implements OneInputStreamOperator<DecodedCrop, Recognized>, ProcessingTimeCallback {

  private static final long serialVersionUID = 1L;

  private final String modelDir;
  private final String device;
  private final int batchSize;
  private final long maxWaitMillis;
  private final List<String> globalLexicon;

  private transient OcrModel model;
  private transient LexiconDecoder globalDecoder;
  private transient List<DecodedCrop> buffer;
  private transient boolean timerPending;
  private transient Histogram batchSizes;
  private transient Histogram inferenceMillis;
  private transient Counter recognized;
  private transient long modelLoadMillis;

  /**
   * Creates the operator.
   *
   * @param modelDir local model directory
   * @param device "auto", "cpu", "gpu" or "gpu:N"
   * @param batchSize most crops per forward pass
   * @param maxWaitMillis longest a crop waits for its batch to fill
   * @param globalLexicon words every crop without its own lexicon is decoded against, or null
   */
  public BatchingInferenceOperator(
      String modelDir,
      String device,
      int batchSize,
      long maxWaitMillis,
      List<String> globalLexicon) {
    if (batchSize < 1 || maxWaitMillis < 0) {
      throw new IllegalArgumentException("batch size must be >= 1 and max wait >= 0");
    }
    this.modelDir = modelDir;
    this.device = device;
    this.batchSize = batchSize;
    this.maxWaitMillis = maxWaitMillis;
    this.globalLexicon = globalLexicon == null ? null : List.copyOf(globalLexicon);
  }

  @Override
  public void open() throws Exception {
    super.open();
    long start = System.nanoTime();
    model = OcrModel.load(Path.of(modelDir), OcrModel.device(device));
    modelLoadMillis = (System.nanoTime() - start) / 1_000_000;
    if (globalLexicon != null) {
      globalDecoder =
          new LexiconDecoder(Lexicon.of(globalLexicon, model.alphabet()), model.alphabet());
    }
    buffer = new ArrayList<>(batchSize);
    var metrics = getMetricGroup();
    batchSizes = metrics.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
    inferenceMillis =
        metrics.histogram("inferenceMillis", new DescriptiveStatisticsHistogram(1000));
    recognized = metrics.counter("recognized");
    metrics.gauge("modelLoadMillis", () -> modelLoadMillis);
  }

  @Override
  public void processElement(StreamRecord<DecodedCrop> element) throws Exception {
    buffer.add(element.getValue());
    if (buffer.size() >= batchSize) {
      flush();
    } else if (!timerPending) {
      ProcessingTimeCallback callback = this;
      getProcessingTimeService()
          .registerTimer(
              getProcessingTimeService().getCurrentProcessingTime() + maxWaitMillis, callback);
      timerPending = true;
    }
  }

  @Override
  public void onProcessingTime(long time) throws Exception {
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
    if (model != null) {
      model.close();
      model = null;
    }
    super.close();
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
    long now = System.currentTimeMillis();
    for (int i = 0; i < buffer.size(); i++) {
      DecodedCrop crop = buffer.get(i);
      Recognized out = decode(crop, logProbs[i]);
      out.batchSize = buffer.size();
      out.inferenceMillis = millis;
      out.latencyMillis = now - crop.receivedAt;
      output.collect(new StreamRecord<>(out));
    }
    recognized.inc(buffer.size());
    buffer.clear();
  }

  private Recognized decode(DecodedCrop crop, float[][] logProbs) {
    Recognition r;
    String source;
    Lexicon own =
        crop.lexicon == null ? null : Lexicon.parseCommaSeparated(crop.lexicon, model.alphabet());
    if (own != null && own.size() > 0) {
      r = new LexiconDecoder(own, model.alphabet()).decode(logProbs);
      source = "record-lexicon";
    } else if (globalDecoder != null) {
      r = globalDecoder.decode(logProbs);
      source = "global-lexicon";
    } else {
      r = Recognition.greedy(logProbs, model.alphabet());
      source = "greedy";
    }
    Recognized out = new Recognized();
    out.id = crop.id;
    out.text = r.text();
    out.confidence = r.confidence();
    out.greedyText = r.greedyText();
    out.decoding =
        r.method() == DecodeMethod.LEXICON_NO_CANDIDATE ? source + "-no-candidate" : source;
    out.model = model.info().name();
    out.modelVersion = model.info().version();
    out.topic = crop.topic;
    out.partition = crop.partition;
    out.offset = crop.offset;
    return out;
  }
}
