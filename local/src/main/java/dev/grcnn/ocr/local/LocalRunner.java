package dev.grcnn.ocr.local;

import dev.grcnn.ocr.job.KafkaPreflight;
import dev.grcnn.ocr.job.OcrJobConfig;
import dev.grcnn.ocr.job.OcrJobOptions;
import dev.grcnn.ocr.job.OcrStreamingJob;
import dev.grcnn.ocr.testkit.EmbeddedKafka;
import dev.grcnn.ocr.testkit.KafkaBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code ocr run}: the job on a local Flink environment in this JVM. Without {@code
 * ocr.kafka.bootstrap-servers} it first starts a Kafka broker in this JVM; it creates the topics
 * when missing, feeds crops, and prints each committed result and dead letter as it arrives, until
 * {@link #stop()} (a shutdown hook on Ctrl-C) or, when asked, until every fed crop came out.
 */
public final class LocalRunner {

  /**
   * The checkpoint interval unless one is given: results show up when a checkpoint commits them, so
   * commit often for a person watching.
   */
  public static final long CHECKPOINT_INTERVAL_MS = 1000;

  /** The batch max-wait unless one is given: a few crops at a time, each shown soon. */
  public static final long BATCH_MAX_WAIT_MS = 20;

  private final Map<String, String> settings;
  private final PrintWriter out;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile CommittedTail tail;
  private volatile boolean stopping;

  /**
   * A runner.
   *
   * @param settings the job's keys ({@link OcrJobOptions}); without {@code
   *     ocr.kafka.bootstrap-servers} Kafka runs here
   * @param out where results are printed
   */
  public LocalRunner(Map<String, String> settings, PrintWriter out) {
    this.settings = new HashMap<>(settings);
    this.out = out;
  }

  /**
   * The settings with what {@code ./ocr run} fills in for a person watching: a short checkpoint
   * interval and batch wait, unless given.
   */
  public static Map<String, String> withLocalDefaults(Map<String, String> settings) {
    Map<String, String> s = new HashMap<>(settings);
    s.putIfAbsent(
        OcrJobOptions.CHECKPOINT_INTERVAL_MS.key(), Long.toString(CHECKPOINT_INTERVAL_MS));
    s.putIfAbsent(OcrJobOptions.BATCH_MAX_WAIT_MS.key(), Long.toString(BATCH_MAX_WAIT_MS));
    return s;
  }

  /**
   * Runs the job and feeds it.
   *
   * @param crops files to feed, keyed by their file names (may be empty)
   * @param untilDone return once as many records as fed came out, instead of following on
   * @return the number of results and dead letters printed
   */
  public long run(List<Path> crops, boolean untilDone) throws Exception {
    KafkaBroker kafka = null;
    JobClient job = null;
    try {
      String bootstrap = settings.get(OcrJobOptions.BOOTSTRAP_SERVERS.key());
      OcrJobConfig config;
      if (bootstrap != null) {
        config = OcrJobConfig.from(withLocalDefaults(settings));
        // Wrong credentials: one line now, not a topic creation or a job that retries.
        KafkaPreflight.check(config);
        kafka = KafkaBroker.external(bootstrap, config.kafkaProperties());
      } else {
        kafka = EmbeddedKafka.start();
        settings.put(OcrJobOptions.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        say("started Kafka in this JVM at " + kafka.bootstrapServers());
        config = OcrJobConfig.from(withLocalDefaults(settings));
      }
      kafka.createTopics(
          1, List.of(config.inputTopic(), config.outputTopic(), config.deadLetterTopic()));
      tail =
          new CommittedTail(
              config.bootstrapServers(),
              List.of(config.outputTopic(), config.deadLetterTopic()),
              false,
              Duration.ofSeconds(30),
              config.kafkaProperties());
      if (stopping) {
        return 0;
      }
      StreamExecutionEnvironment env = localEnvironment();
      OcrStreamingJob.build(env, config);
      job = env.executeAsync(OcrStreamingJob.NAME);
      say(
          String.format(
              Locale.ROOT,
              "job running: %s -> %s, dead letters to %s (model %s)",
              config.inputTopic(),
              config.outputTopic(),
              config.deadLetterTopic(),
              config.inference().modelDir()));
      if (!crops.isEmpty()) {
        try (CropFeeder feeder =
            new CropFeeder(
                config.bootstrapServers(), config.inputTopic(), null, config.kafkaProperties())) {
          feeder.sendFiles(crops, null);
          feeder.flush();
        }
        say("fed " + crops.size() + " crops; id, text, confidence, decoding:");
      }
      long seen = 0;
      while (!stopping && !(untilDone && seen >= crops.size())) {
        seen +=
            tail.poll(
                Duration.ofMillis(200),
                r -> {
                  out.println(ResultLines.format(r));
                  out.flush();
                });
        if (job.getJobStatus().get().isGloballyTerminalState()) {
          throw new IllegalStateException("the job stopped: " + job.getJobStatus().get());
        }
      }
      return seen;
    } finally {
      try {
        if (job != null) {
          job.cancel().get(30, TimeUnit.SECONDS);
        }
      } catch (Exception e) {
        // Already finished or failed: nothing to cancel.
      } finally {
        if (tail != null) {
          tail.close();
        }
        if (kafka != null) {
          kafka.close();
        }
        finished.countDown();
      }
    }
  }

  /** A local environment with one inference task and quick restarts after a failure. */
  static StreamExecutionEnvironment localEnvironment() {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    return env;
  }

  /**
   * Asks {@link #run} to stop and waits (at most {@code timeout}) until it has cancelled the job
   * and stopped the broker; safe from a shutdown hook.
   */
  public void stop(Duration timeout) throws InterruptedException {
    stopping = true;
    CommittedTail t = tail;
    if (t != null) {
      t.stop();
    }
    finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void say(String line) {
    out.println("# " + line);
    out.flush();
  }
}
