package dev.grcnn.ocr.local.cluster;

import dev.grcnn.ocr.job.OcrJobOptions;
import dev.grcnn.ocr.local.CropFeeder;
import dev.grcnn.ocr.local.CropIds;
import dev.grcnn.ocr.testkit.WordCrops;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;

/**
 * {@code ocr cluster fault-test}: streams crops (one in 50 corrupt) through the job on a local
 * cluster, kills a TaskManager with SIGKILL a third of the way and starts a new one, stops the
 * Kafka broker for {@link #OUTAGE} half way and starts it again, stops the job with a savepoint two
 * thirds of the way and resubmits it from there, then reads both output topics under read_committed
 * and counts each crop id: every good crop must have exactly one result and every corrupt one
 * exactly one dead letter.
 */
public final class FaultDrill {

  static final String IN = "drill.crops";
  static final String OUT = "drill.text";
  static final String DEAD = "drill.dead";
  private static final int BAD_EVERY = 50;
  private static final int TASK_MANAGERS = 2;
  static final String ID_PREFIX = "c";
  static final Duration STALL = Duration.ofMinutes(4);

  /**
   * What to run.
   *
   * @param dir the cluster's folder
   * @param jobJar the job jar
   * @param modelDir the model
   * @param count crops
   * @param rate crops/s offered
   */
  public record Settings(Path dir, Path jobJar, Path modelDir, int count, double rate) {}

  /**
   * The counts.
   *
   * @param in crops sent
   * @param out ids with a result
   * @param dead ids with a dead letter
   * @param lost ids with neither
   * @param duplicated ids that came out more than once
   * @param misrouted good crops among the dead letters or bad ones among the results
   * @param failures failures the job recovered from before the savepoint (the kill must make one)
   * @param ongoingTransactions transactions the broker still held open after the job stopped
   */
  public record Counts(
      int in,
      int out,
      int dead,
      int lost,
      int duplicated,
      int misrouted,
      int failures,
      int ongoingTransactions) {

    /**
     * The kill was noticed, and nothing was lost, nothing came twice, everything is in place, and
     * no transaction was left open.
     */
    public boolean passed() {
      return lost == 0
          && duplicated == 0
          && misrouted == 0
          && out + dead == in
          && failures > 0
          && ongoingTransactions == 0;
    }
  }

  /**
   * How long the broker stays down in the outage step: several checkpoint intervals (2 s), so that
   * checkpoints fail and the job restarts while it is gone.
   */
  static final Duration OUTAGE = Duration.ofSeconds(10);

  private FaultDrill() {}

  /** Runs the drill; {@code progress} hears each step. */
  public static Counts run(Settings s, Consumer<String> progress) throws Exception {
    LocalCluster cluster = LocalCluster.start(s.dir(), TASK_MANAGERS, 0, 0, progress);
    try (StopOnExit stopOnExit = new StopOnExit("stop-fault-test-cluster", cluster::stop)) {
      // One partition per slot.
      cluster.createTopics(
          TASK_MANAGERS * LocalCluster.SLOTS_PER_TASK_MANAGER, List.of(IN, OUT, DEAD));
      Configuration settings =
          jobSettings(cluster.bootstrapServers(), s.modelDir().toAbsolutePath().toString());
      String job = cluster.submit(s.jobJar(), settings, List.of(), null);
      cluster.awaitRunning(job, Duration.ofMinutes(3));
      progress.accept(
          "job " + job + " running; streaming " + s.count() + " crops at " + s.rate() + "/s");
      try (CropIds ids =
          new CropIds(cluster.bootstrapServers(), ID_PREFIX, s.count(), OUT, DEAD, true, null)) {
        Thread feeder =
            new Thread(() -> feed(cluster.bootstrapServers(), s.count(), s.rate()), "drill-feeder");
        feeder.start();
        ids.until(s.count() / 3, STALL);
        progress.accept(ids.out() + " crops out; kill -9 taskmanager-1, start taskmanager-3");
        cluster.killTaskManager(LocalCluster.taskManagerName(1));
        cluster.startTaskManager(LocalCluster.taskManagerName(3));
        ids.until(s.count() / 2, STALL);
        progress.accept(ids.out() + " crops out; stop Kafka for " + OUTAGE.toSeconds() + " s");
        cluster.stopKafka();
        Thread.sleep(OUTAGE.toMillis());
        cluster.startKafka();
        progress.accept("Kafka back on " + cluster.bootstrapServers());
        ids.until(2 * s.count() / 3, STALL);
        int failures = cluster.failures(job);
        progress.accept(
            ids.out() + " crops out, " + failures + " failure(s) recovered; stop with a savepoint");
        String savepoint = cluster.stopWithSavepoint(job);
        progress.accept("savepoint " + savepoint + "; resubmitting from it");
        job = cluster.submit(s.jobJar(), settings, List.of(), savepoint);
        cluster.awaitRunning(job, Duration.ofMinutes(3));
        ids.until(s.count(), STALL);
        feeder.join();
        // Late duplicates would come with the next checkpoints: wait for a few.
        ids.drain(Duration.ofSeconds(10));
        // Stopped with a savepoint, not cancelled: the sinks commit and open nothing new, so the
        // broker must hold no transaction of the job open afterwards.
        cluster.stopWithSavepoint(job);
        List<String> ongoing = cluster.ongoingTransactions();
        if (!ongoing.isEmpty()) {
          progress.accept("transactions left ONGOING: " + ongoing);
        }
        return count(s.count(), ids, failures, ongoing.size());
      }
    } finally {
      progress.accept("stopping the cluster (logs stay in " + cluster.dir().resolve("log") + ")");
      cluster.stop();
    }
  }

  /** The job's settings for the drill's topics, on the broker and with the model given. */
  static Configuration jobSettings(String bootstrapServers, String modelDir) {
    Configuration c = new Configuration();
    c.set(OcrJobOptions.BOOTSTRAP_SERVERS, bootstrapServers);
    c.set(OcrJobOptions.TOPIC_IN, IN);
    c.set(OcrJobOptions.TOPIC_OUT, OUT);
    c.set(OcrJobOptions.TOPIC_DEAD_LETTER, DEAD);
    c.set(OcrJobOptions.GROUP_ID, "drill");
    c.set(OcrJobOptions.TRANSACTIONAL_ID_PREFIX, "drill");
    c.set(OcrJobOptions.MODEL_DIR, modelDir);
    c.set(OcrJobOptions.MODEL_DEVICE, "cpu");
    // Two TaskManagers share two cores: one PyTorch thread each.
    c.set(OcrJobOptions.TORCH_THREADS, 1);
    c.set(OcrJobOptions.TORCH_INTEROP_THREADS, 1);
    c.set(OcrJobOptions.CHECKPOINT_INTERVAL_MS, 2000L);
    return c;
  }

  static boolean bad(int i) {
    return i % BAD_EVERY == BAD_EVERY - 1;
  }

  /** Sends {@code count} crops at {@code rate}/s, one in {@link #BAD_EVERY} random bytes. */
  static void feed(String bootstrap, int count, double rate) {
    List<byte[]> crops = WordCrops.render(200, 3);
    Random random = new Random(5);
    // Sends wait out the broker outage (and its restart on a loaded machine).
    try (CropFeeder feeder = new CropFeeder(bootstrap, IN, Duration.ofMinutes(3))) {
      CropIds.send(
          feeder,
          ID_PREFIX,
          count,
          i -> {
            if (!bad(i)) {
              return crops.get(i % crops.size());
            }
            byte[] value = new byte[64 + random.nextInt(512)];
            random.nextBytes(value);
            return value;
          },
          rate,
          i -> {});
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Counts each crop id's outputs in what {@code ids} read; {@code ongoing}: open transactions. */
  static Counts count(int n, CropIds ids, int failures, int ongoing) {
    int out = 0;
    int dead = 0;
    int lost = 0;
    int duplicated = 0;
    int misrouted = 0;
    for (int i = 0; i < n; i++) {
      int r = ids.results(i);
      int d = ids.deadLetters(i);
      out += r > 0 ? 1 : 0;
      dead += d > 0 ? 1 : 0;
      lost += r + d == 0 ? 1 : 0;
      duplicated += r + d > 1 ? 1 : 0;
      misrouted += (bad(i) ? r : d) > 0 ? 1 : 0;
    }
    return new Counts(n, out, dead, lost, duplicated, misrouted, failures, ongoing);
  }
}
