package dev.grcnn.ocr.local;

import dev.grcnn.ocr.job.OcrJobConfig;
import dev.grcnn.ocr.job.OcrJobOptions;
import dev.grcnn.ocr.job.OcrStreamingJob;
import dev.grcnn.ocr.testkit.KafkaBroker;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What the benchmarks run on: the job's three topics on a Kafka broker, and the job itself on a
 * local Flink reading from them ({@link SqlBenchRig}: the SQL path instead). Closing cancels the
 * job; the broker is the caller's.
 */
class BenchRig implements AutoCloseable {

  private static final String IN = "bench.crops";
  private static final String OUT = "bench.text";
  private static final String DEAD = "bench.dead";

  private final String bootstrap;
  private final String out;
  private final String dead;
  private final JobClient job;
  final CropFeeder feeder;

  /** The job's settings that a benchmark chooses. */
  record JobSettings(
      Path modelDir,
      String device,
      int batchSize,
      long maxWaitMillis,
      long checkpointMillis,
      int parallelism) {}

  /** Starts what reads the crops topic and writes the results, on a broker's bootstrap servers. */
  @FunctionalInterface
  interface Starter {
    JobClient start(String bootstrap) throws Exception;
  }

  /** Creates the topics on {@code kafka} and starts the job. */
  BenchRig(JobSettings s, KafkaBroker kafka) throws Exception {
    this(kafka, s.parallelism(), IN, OUT, DEAD, bootstrap -> startJob(s, bootstrap));
  }

  /**
   * Creates the topics {@code in}, {@code out} and {@code dead} on {@code kafka}, with a partition
   * for each of the {@code parallelism} readers, and starts what {@code starter} starts.
   */
  BenchRig(KafkaBroker kafka, int parallelism, String in, String out, String dead, Starter starter)
      throws Exception {
    bootstrap = kafka.bootstrapServers();
    this.out = out;
    this.dead = dead;
    kafka.createTopics(parallelism, List.of(in, out, dead));
    job = starter.start(bootstrap);
    feeder = new CropFeeder(bootstrap, in);
  }

  private static JobClient startJob(JobSettings s, String bootstrap) throws Exception {
    StreamExecutionEnvironment env = LocalRunner.localEnvironment();
    env.setParallelism(s.parallelism());
    OcrStreamingJob.build(env, OcrJobConfig.from(settings(s, bootstrap)));
    return env.executeAsync("bench");
  }

  String bootstrapServers() {
    return bootstrap;
  }

  /** A round of {@code n} crops with ids {@code prefix-i} through the job. */
  CropRound round(String prefix, int n, List<byte[]> crops, double rate)
      throws InterruptedException {
    return round(prefix, n, crops, List.of(), rate);
  }

  /** As {@link #round(String, int, List, double)}, crop {@code i} with lexicon {@code i % size}. */
  CropRound round(String prefix, int n, List<byte[]> crops, List<String> lexicons, double rate)
      throws InterruptedException {
    CropRound round = new CropRound(prefix, n, out, dead);
    round.run(bootstrap, feeder, crops, lexicons, rate);
    return round;
  }

  private static Configuration settings(JobSettings s, String bootstrap) {
    Configuration c = new Configuration();
    c.set(OcrJobOptions.BOOTSTRAP_SERVERS, bootstrap);
    c.set(OcrJobOptions.TOPIC_IN, IN);
    c.set(OcrJobOptions.TOPIC_OUT, OUT);
    c.set(OcrJobOptions.TOPIC_DEAD_LETTER, DEAD);
    c.set(OcrJobOptions.MODEL_DIR, s.modelDir().toString());
    c.set(OcrJobOptions.MODEL_DEVICE, s.device());
    c.set(OcrJobOptions.BATCH_SIZE, s.batchSize());
    c.set(OcrJobOptions.BATCH_MAX_WAIT_MS, s.maxWaitMillis());
    c.set(OcrJobOptions.CHECKPOINT_INTERVAL_MS, s.checkpointMillis());
    c.set(OcrJobOptions.TRANSACTIONAL_ID_PREFIX, "bench");
    return c;
  }

  @Override
  public void close() throws Exception {
    try {
      feeder.close();
    } finally {
      job.cancel().get();
    }
  }
}
