package dev.grcnn.ocr.local;

import dev.grcnn.ocr.job.OcrJobConfig;
import dev.grcnn.ocr.job.OcrStreamingJob;
import dev.grcnn.ocr.testkit.KafkaBroker;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    CropRound round = new CropRound(prefix, n, OUT, DEAD);
    round.run(bootstrap, feeder, crops, rate);
    return round;
  }

  private static Map<String, String> settings(JobSettings s, String bootstrap) {
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

  @Override
  public void close() throws Exception {
    try {
      feeder.close();
    } finally {
      job.cancel().get();
    }
  }
}
