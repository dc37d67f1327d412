package dev.grcnn.ocr.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** What {@link OcrStreamingJob#build} sets on the environment, without running the job. */
class OcrStreamingJobWiringTest {

  private static OcrJobConfig config() {
    Map<String, String> m = new HashMap<>();
    m.put(OcrJobOptions.BOOTSTRAP_SERVERS.key(), "localhost:1");
    m.put(OcrJobOptions.MODEL_DIR.key(), "/nowhere");
    m.put(OcrJobOptions.CHECKPOINT_INTERVAL_MS.key(), "2000");
    m.put(OcrJobOptions.CHECKPOINT_TIMEOUT_MS.key(), "30000");
    return OcrJobConfig.from(m);
  }

  @Test
  void checkpointsTimeOutWellBeforeTheTransactions() {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    OcrStreamingJob.build(env, config());
    assertEquals(2000, env.getCheckpointConfig().getCheckpointInterval());
    // Flink's own default is 10 minutes, the transaction timeout's default.
    assertEquals(30_000, env.getCheckpointConfig().getCheckpointTimeout());
  }

  @Test
  void withoutARestartStrategyOfItsOwnTheJobGetsABoundedOne() {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    OcrStreamingJob.build(env, config());
    assertEquals(
        "exponential-delay", env.getConfiguration().get(RestartStrategyOptions.RESTART_STRATEGY));
    assertEquals(
        BoundedRestarts.ATTEMPTS,
        env.getConfiguration()
            .get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS));
    assertEquals(
        Duration.ofSeconds(60),
        env.getConfiguration()
            .get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF));
  }

  @Test
  void aRestartStrategyChosenByTheClusterOrTheArgumentsStays() {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "failure-rate");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    OcrStreamingJob.build(env, config());
    assertEquals(
        "failure-rate", env.getConfiguration().get(RestartStrategyOptions.RESTART_STRATEGY));
  }
}
