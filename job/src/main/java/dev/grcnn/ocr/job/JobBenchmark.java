package dev.grcnn.ocr.job;

import dev.grcnn.ocr.model.OcrModel;
import dev.grcnn.ocr.model.image.ImagePreprocessor;
import dev.grcnn.ocr.model.image.InvalidImageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * {@code ocr bench job}: the streaming job's end-to-end speed beside the raw batched forward pass
 * of the same model at the same batch size, in one JVM with an in-JVM broker.
 *
 * <ol>
 *   <li>raw: the model's forward pass on preprocessed crops, batch after batch;
 *   <li>throughput: {@code count} crops are produced as fast as possible while the job runs;
 *       crops/s is count over the time from the first send to the last committed output;
 *   <li>latency: {@code count / 5} more crops paced at half that throughput; each latency is from
 *       its send to its result being readable under read_committed (so it includes the wait for the
 *       checkpoint that commits it).
 * </ol>
 */
public final class JobBenchmark {

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
   */
  public record Settings(
      Path modelDir,
      String device,
      int count,
      int batchSize,
      long maxWaitMillis,
      long checkpointMillis,
      double rawSeconds,
      int parallelism) {}

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
      double jobForwardCropsPerSecond) {

    /** Job over raw throughput. */
    public double ratio() {
      return jobCropsPerSecond / rawCropsPerSecond;
    }
  }

  private static final String IN = "bench.crops";
  private static final String OUT = "bench.text";
  private static final String DEAD = "bench.dead";
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private static final Duration STALL = Duration.ofMinutes(3);

  private JobBenchmark() {}

  /** Runs the three phases; {@code progress} hears what is going on. */
  public static Result run(Settings s, Consumer<String> progress) throws Exception {
    List<byte[]> crops = BenchCrops.render(256, 1);
    double raw = rawForward(s, crops, progress);
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(s.parallelism(), List.of(IN, OUT, DEAD));
      StreamExecutionEnvironment env = LocalRunner.localEnvironment();
      env.setParallelism(s.parallelism());
      OcrStreamingJob.build(env, OcrJobConfig.from(jobSettings(s, kafka.bootstrapServers())));
      JobClient job = env.executeAsync("bench");
      try (CropFeeder feeder = new CropFeeder(kafka.bootstrapServers(), IN)) {
        progress.accept("job started; waiting for a first result (model load)");
        Phase warmUp = new Phase("w", 1);
        warmUp.run(kafka.bootstrapServers(), feeder, crops, 0);
        progress.accept("throughput: " + s.count() + " crops as fast as they can be sent");
        Phase throughput = new Phase("t", s.count());
        throughput.run(kafka.bootstrapServers(), feeder, crops, 0);
        double jobRate = s.count() / throughput.seconds();
        int n = Math.max(100, s.count() / 10);
        double rate = jobRate / 2;
        progress.accept(String.format("latency: %d crops at %.0f crops/s", n, rate));
        Phase latency = new Phase("l", n);
        latency.run(kafka.bootstrapServers(), feeder, crops, rate);
        long[] sorted = latency.latencies.clone();
        Arrays.sort(sorted);
        return new Result(
            raw,
            jobRate,
            n,
            rate,
            percentile(sorted, 0.50),
            percentile(sorted, 0.99),
            warmUp.dead + throughput.dead + latency.dead,
            throughput.batchCrops / (double) Math.max(1, throughput.results),
            throughput.results / Math.max(1e-9, throughput.inferenceSeconds));
      } finally {
        job.cancel().get();
      }
    }
  }

  private static Map<String, String> jobSettings(Settings s, String bootstrap) {
    Map<String, String> m = new HashMap<>();
    m.put("ocr.kafka.bootstrap-servers", bootstrap);
    m.put("ocr.topic.in", IN);
    m.put("ocr.topic.out", OUT);
    m.put("ocr.topic.dead-letter", DEAD);
    m.put("ocr.model.dir", s.modelDir().toString());
    m.put("ocr.model.device", s.device());
    m.put("ocr.batch.size", Integer.toString(s.batchSize()));
    m.put("ocr.batch.max-wait-ms", Long.toString(s.maxWaitMillis()));
    m.put("ocr.checkpoint.interval-ms", Long.toString(s.checkpointMillis()));
    m.put("ocr.transactional-id-prefix", "bench");
    return m;
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

  /** Sends {@code n} crops (ids {@code prefix-i}) and waits for each of them to come out. */
  private static final class Phase {
    final String prefix;
    final AtomicLongArray sentAt;
    final long[] latencies;
    volatile long firstSend;
    long lastSeen;
    int dead;
    int results;
    long batchCrops;
    double inferenceSeconds;

    Phase(String prefix, int n) {
      this.prefix = prefix;
      this.sentAt = new AtomicLongArray(n);
      this.latencies = new long[n];
    }

    double seconds() {
      return (lastSeen - firstSend) / 1e9;
    }

    void run(String bootstrap, CropFeeder feeder, List<byte[]> crops, double rate)
        throws Exception {
      int n = sentAt.length();
      try (CommittedTail tail = new CommittedTail(bootstrap, List.of(OUT, DEAD), false)) {
        Thread sender =
            new Thread(
                () -> {
                  firstSend = System.nanoTime();
                  for (int i = 0; i < n; i++) {
                    if (rate > 0) {
                      long due = firstSend + (long) (i * 1e9 / rate);
                      long wait = due - System.nanoTime();
                      if (wait > 0) {
                        sleep(wait);
                      }
                    }
                    sentAt.set(i, System.nanoTime());
                    feeder.send(prefix + "-" + i, crops.get(i % crops.size()), null);
                  }
                  feeder.flush();
                },
                "bench-sender");
        sender.start();
        boolean[] seen = new boolean[n];
        int done = 0;
        long lastProgress = System.nanoTime();
        while (done < n) {
          List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
          tail.poll(Duration.ofMillis(100), batch::add);
          long now = System.nanoTime();
          for (ConsumerRecord<byte[], byte[]> r : batch) {
            int i = index(r);
            if (i >= 0 && !seen[i]) {
              seen[i] = true;
              done++;
              latencies[i] = (now - sentAt.get(i)) / 1_000_000;
              if (r.topic().equals(DEAD)) {
                dead++;
              } else {
                count(r);
              }
            }
          }
          if (!batch.isEmpty()) {
            lastProgress = now;
            lastSeen = System.nanoTime();
          } else if (now - lastProgress > STALL.toNanos()) {
            throw new IllegalStateException(
                "no result for " + STALL.toMinutes() + " min; " + done + " of " + n + " came out");
          }
        }
        sender.join();
      }
    }

    /** Adds a result's batch to the statistics: a batch of b crops counts b times, so 1/b each. */
    private void count(ConsumerRecord<byte[], byte[]> r) throws java.io.IOException {
      com.fasterxml.jackson.databind.JsonNode json = JSON.readTree(r.value());
      int batch = json.path("batchSize").asInt(1);
      results++;
      batchCrops += batch;
      inferenceSeconds += json.path("inferenceMillis").asLong() / 1000.0 / batch;
    }

    private int index(ConsumerRecord<byte[], byte[]> r) {
      if (r.key() == null) {
        return -1;
      }
      String key = new String(r.key(), StandardCharsets.UTF_8);
      if (!key.startsWith(prefix + "-")) {
        return -1;
      }
      try {
        int i = Integer.parseInt(key.substring(prefix.length() + 1));
        return i < sentAt.length() ? i : -1;
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    private static void sleep(long nanos) {
      try {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
