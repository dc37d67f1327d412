package dev.grcnn.ocr.job;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job's restart strategy unless the cluster or the job's arguments set one. Flink's own default
 * with checkpoints restarts forever, so a deterministic failure (an unreadable model, native out of
 * memory, a sink topic that refuses the records) would reload the model in a loop instead of
 * failing the job with its cause. This one retries with growing delays and gives up after {@link
 * #ATTEMPTS} restarts that come less than {@link #RESET_AFTER} apart.
 */
public final class BoundedRestarts {

  /** Restarts before the job fails, unless it ran {@link #RESET_AFTER} without a failure. */
  public static final int ATTEMPTS = 8;

  /** The first delay; each next one doubles, up to {@link #MAX_DELAY}. */
  public static final Duration INITIAL_DELAY = Duration.ofSeconds(1);

  /** The longest delay before a restart (counted in {@code ocr.checkpoint.restart-margin-ms}). */
  public static final Duration MAX_DELAY = Duration.ofSeconds(60);

  /** A job that ran this long without failing starts counting its attempts afresh. */
  public static final Duration RESET_AFTER = Duration.ofHours(1);

  private BoundedRestarts() {}

  /** The strategy as Flink options. */
  public static Configuration options() {
    Configuration c = new Configuration();
    c.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    c.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, INITIAL_DELAY);
    c.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, MAX_DELAY);
    c.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
    c.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
        RESET_AFTER);
    c.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, ATTEMPTS);
    return c;
  }

  /** Gives the job this strategy when neither the cluster nor the arguments chose one. */
  static void applyUnlessSet(StreamExecutionEnvironment env) {
    if (env.getConfiguration().getOptional(RestartStrategyOptions.RESTART_STRATEGY).isEmpty()) {
      env.configure(options());
    }
  }
}
