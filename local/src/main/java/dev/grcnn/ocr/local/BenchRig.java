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
 * local Flink reading from them. Closing cancels the job; the broker is the caller's.
 */
final class BenchRig implements AutoCloseable {

  static final String IN = "bench.crops";
  static final String OUT = "bench.text";
  static final String DEAD = "bench.dead";

  private final String bootstrap;
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

  /** Creates the topics on {@code kafka} and starts the job. */
  BenchRig(JobSettings s, KafkaBroker kafka) throws Exception {
    bootstrap = kafka.bootstrapServers();
    kafka.createTopics(s.parallelism(), List.of(IN, OUT, DEAD));
    StreamExecutionEnvironment env = LocalRunner.localEnvironment();
    env.setParallelism(s.parallelism());
    OcrStreamingJob.build(env, OcrJobConfig.from(settings(s, bootstrap)));
    job = env.executeAsync("bench");
    feeder = new CropFeeder(bootstrap, IN);
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
    CropRound round = new CropRound(prefix, n, OUT, DEAD);
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
