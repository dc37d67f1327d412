package dev.grcnn.ocr.local;

import dev.grcnn.ocr.model.OcrModel;
import dev.grcnn.ocr.model.image.ImagePreprocessor;
import dev.grcnn.ocr.model.image.InvalidImageException;
import dev.grcnn.ocr.testkit.EmbeddedKafka;
import dev.grcnn.ocr.testkit.HostileLexicons;
import dev.grcnn.ocr.testkit.WordCrops;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code ocr bench job}: the streaming job's end-to-end speed beside the raw batched forward pass
 * of the same model at the same batch size, in one JVM with an in-JVM broker.
 *
 * <ol>
 *   <li>raw: the model's forward pass on preprocessed crops, batch after batch;
 *   <li>throughput: {@code count} crops are produced as fast as possible while the job runs;
 *       crops/s is count over the time from the first send to the last committed output;
 *   <li>latency: {@code count / 10} more crops (at least 100) paced at half that throughput; each
 *       latency is from its send to its result being readable under read_committed (so it includes
 *       the wait for the checkpoint that commits it);
 *   <li>the SQL path, after the job has stopped: {@code count} crops through {@code INSERT INTO} a
 *       Kafka table {@code FROM ML_PREDICT} with the same model, batch settings and checkpoints
 *       ({@link SqlBenchRig}), measured as the throughput phase, with the batch sizes its
 *       micro-batcher reached (each row's {@code batch_size}).
 * </ol>
 */
public final class JobBenchmark {

  /** The bar: the job's end-to-end throughput over the raw forward pass's. */
  public static final double BAR = 0.8;

  /** Crops of the hostile-lexicon batch: one forward pass at the default batch size and more. */
  public static final int LEXICON_BATCH = 64;

  /** The latency phase sends this share of the throughput phase's crops... */
  private static final int LATENCY_SHARE_DIVISOR = 10;

  /** ...but at least this many... */
  private static final int LATENCY_MIN_CROPS = 100;

  /** ...at this share of the throughput the job reached, so that no backlog builds up. */
  private static final double LATENCY_RATE_SHARE = 0.5;

  /**
   * What to measure.
   *
   * @param modelDir the model (random weights are fine: speed does not depend on them)
   * @param device inference device
   * @param count crops of the throughput phase
   * @param batchSize the job's and the raw pass's batch size
   * @param maxWaitMillis the job's batch max-wait
   * @param checkpointMillis the job's checkpoint interval
   * @param rawSeconds measured seconds of the raw forward pass
   * @param parallelism inference tasks (and input partitions)
   * @param hostileEvery when above 0, a last phase repeats the throughput phase with every {@code
   *     hostileEvery}-th record one the job must refuse
   */
  public record Settings(
      Path modelDir,
      String device,
      int count,
      int batchSize,
      long maxWaitMillis,
      long checkpointMillis,
      double rawSeconds,
      int parallelism,
      int hostileEvery) {}

  /**
   * The figures.
   *
   * @param rawCropsPerSecond forward-pass throughput
   * @param jobCropsPerSecond end-to-end throughput with a backlog
   * @param latencyCount crops of the latency phase
   * @param latencyRate their offered rate, crops/s
   * @param p50Millis median latency of the latency phase
   * @param p99Millis 99th percentile latency of the latency phase
   * @param deadLetters dead letters seen (0 expected)
   * @param meanBatch mean forward-pass batch size in the job during the throughput phase
   * @param jobForwardCropsPerSecond crops/s of the job's own forward passes alone (batch size over
   *     the pass's time), which shows how much the job's other work slows the model
   * @param goodCropsPerSecondAmidHostile good crops/s of the hostile-mix phase (NaN when not run)
   * @param hostileDeadLetters dead letters of the hostile-mix phase
   * @param plainBatchSeconds seconds for {@link #LEXICON_BATCH} crops without a lexicon, sent at
   *     once, from the first send to the last committed result (NaN when not run)
   * @param hostileLexiconBatchSeconds the same for {@link #LEXICON_BATCH} crops with lexicons made
   *     to cost the most decoding work the default limits allow ({@link HostileLexicons})
   * @param maxBatch largest forward-pass batch of the job's throughput phase
   * @param sqlCropsPerSecond end-to-end throughput of the SQL path with a backlog
   * @param sqlMeanBatch mean forward-pass batch size per row of the SQL path
   * @param sqlMaxBatch largest forward-pass batch of the SQL path
   * @param sqlForwardCropsPerSecond crops/s of the SQL path's forward passes alone
   */
  public record Result(
      double rawCropsPerSecond,
      double jobCropsPerSecond,
      int latencyCount,
      double latencyRate,
      long p50Millis,
      long p99Millis,
      int deadLetters,
      double meanBatch,
      double jobForwardCropsPerSecond,
      double goodCropsPerSecondAmidHostile,
      int hostileDeadLetters,
      double plainBatchSeconds,
      double hostileLexiconBatchSeconds,
      int maxBatch,
      double sqlCropsPerSecond,
      double sqlMeanBatch,
      int sqlMaxBatch,
      double sqlForwardCropsPerSecond) {

    /** Job over raw throughput. */
    public double ratio() {
      return jobCropsPerSecond / rawCropsPerSecond;
    }

    /** SQL path over job throughput. */
    public double sqlOverJob() {
      return sqlCropsPerSecond / jobCropsPerSecond;
    }

    /** Whether the job reached {@link #BAR} of the raw throughput. */
    public boolean barMet() {
      return ratio() >= BAR;
    }
  }

  private JobBenchmark() {}

  /** Runs the three phases; {@code progress} hears what is going on. */
  public static Result run(Settings s, Consumer<String> progress) throws Exception {
    List<byte[]> crops = WordCrops.render(256, 1);
    double raw = rawForward(s, crops, progress);
    BenchRig.JobSettings settings =
        new BenchRig.JobSettings(
            s.modelDir(),
            s.device(),
            s.batchSize(),
            s.maxWaitMillis(),
            s.checkpointMillis(),
            s.parallelism());
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      JobPhases job = jobPhases(s, settings, kafka, crops, progress);
      // The SQL path runs after the job has stopped, so the two never share the cores.
      CropRound sql;
      try (SqlBenchRig rig = new SqlBenchRig(settings, kafka)) {
        progress.accept("SQL path started; waiting for a first result (model load)");
        rig.round("sw", 1, crops, 0);
        progress.accept("SQL path: " + s.count() + " crops as fast as they can be sent");
        sql = rig.round("st", s.count(), crops, 0);
      }
      long[] sorted = job.latency.latencies.clone();
      Arrays.sort(sorted);
      return new Result(
          raw,
          s.count() / job.throughput.seconds(),
          job.latency.latencies.length,
          job.latencyRate,
          percentile(sorted, 0.50),
          percentile(sorted, 0.99),
          job.deadLetters,
          job.throughput.meanBatch(),
          job.throughput.forwardCropsPerSecond(),
          job.goodCropsPerSecondAmidHostile,
          job.hostileDeadLetters,
          job.plainBatchSeconds,
          job.hostileLexiconBatchSeconds,
          job.throughput.maxBatch,
          s.count() / sql.seconds(),
          sql.meanBatch(),
          sql.maxBatch,
          sql.forwardCropsPerSecond());
    }
  }

  /** What the job's phases measured. */
  private record JobPhases(
      CropRound throughput,
      CropRound latency,
      double latencyRate,
      int deadLetters,
      double goodCropsPerSecondAmidHostile,
      int hostileDeadLetters,
      double plainBatchSeconds,
      double hostileLexiconBatchSeconds) {}

  private static JobPhases jobPhases(
      Settings s,
      BenchRig.JobSettings settings,
      EmbeddedKafka kafka,
      List<byte[]> crops,
      Consumer<String> progress)
      throws Exception {
    try (BenchRig rig = new BenchRig(settings, kafka)) {
      progress.accept("job started; waiting for a first result (model load)");
      CropRound warmUp = rig.round("w", 1, crops, 0);
      progress.accept("throughput: " + s.count() + " crops as fast as they can be sent");
      CropRound throughput = rig.round("t", s.count(), crops, 0);
      double jobRate = s.count() / throughput.seconds();
      int n = Math.max(LATENCY_MIN_CROPS, s.count() / LATENCY_SHARE_DIVISOR);
      double rate = jobRate * LATENCY_RATE_SHARE;
      progress.accept(String.format("latency: %d crops at %.0f crops/s", n, rate));
      CropRound latency = rig.round("l", n, crops, rate);
      double amidHostile = Double.NaN;
      int hostileDead = 0;
      double plainBatch = Double.NaN;
      double hostileLexiconBatch = Double.NaN;
      if (s.hostileEvery() > 0) {
        List<byte[]> mixed = new ArrayList<>(crops);
        List<byte[]> hostile = HostileRecords.make(mixed.size() / s.hostileEvery() + 1, 11);
        for (int i = s.hostileEvery() - 1, k = 0; i < mixed.size(); i += s.hostileEvery()) {
          mixed.set(i, hostile.get(k++));
        }
        progress.accept(
            "hostile mix: " + s.count() + " records, every " + s.hostileEvery() + "th refused");
        CropRound h = rig.round("h", s.count(), mixed, 0);
        amidHostile = h.results / h.seconds();
        hostileDead = h.dead;
        progress.accept(LEXICON_BATCH + " crops without a lexicon, then with hostile lexicons");
        List<byte[]> lexiconCrops = List.of(WordCrops.png("lexicon"));
        plainBatch = rig.round("p", LEXICON_BATCH, lexiconCrops, 0).seconds();
        CropRound x = rig.round("x", LEXICON_BATCH, lexiconCrops, hostileLexicons(), 0);
        hostileLexiconBatch = x.seconds();
        hostileDead += x.dead;
      }
      return new JobPhases(
          throughput,
          latency,
          rate,
          warmUp.dead + throughput.dead + latency.dead,
          amidHostile,
          hostileDead,
          plainBatch,
          hostileLexiconBatch);
    }
  }

  /**
   * The two costliest lexicons the default limits let through, in turn: 2,000 words of 13 letters
   * (the most a lexicon scored whole holds, each word as wide as the scorer's band gets) and 64 KiB
   * of words within edit distance 3 of the crop's word (each a candidate, up to the 2,000 scored).
   */
  static List<String> hostileLexicons() {
    String full = HostileLexicons.longWords(13, 2000 * 14 - 1, 3);
    String near = HostileLexicons.nearWords("lexicon", HostileLexicons.MAX_BYTES, 10_000, 4);
    return List.of(full, near);
  }

  private static double rawForward(Settings s, List<byte[]> crops, Consumer<String> progress)
      throws Exception {
    ImagePreprocessor preprocessor = new ImagePreprocessor();
    List<float[]> batch = new ArrayList<>(s.batchSize());
    for (int i = 0; i < s.batchSize(); i++) {
      try {
        batch.add(preprocessor.preprocess(crops.get(i % crops.size())));
      } catch (InvalidImageException e) {
        throw new IllegalStateException("a rendered crop does not decode", e);
      }
    }
    progress.accept(
        String.format("raw forward pass, batch %d, %.0f s", s.batchSize(), s.rawSeconds()));
    try (OcrModel model = OcrModel.load(s.modelDir(), OcrModel.device(s.device()))) {
      model.logProbabilities(batch);
      model.logProbabilities(batch);
      long start = System.nanoTime();
      long deadline = start + (long) (s.rawSeconds() * 1e9);
      int passes = 0;
      do {
        model.logProbabilities(batch);
        passes++;
      } while (System.nanoTime() < deadline);
      return passes * (double) s.batchSize() / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
