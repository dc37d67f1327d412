package dev.grcnn.ocr.local.cluster;

import dev.grcnn.ocr.job.OcrJobOptions;
import dev.grcnn.ocr.local.CommittedTail;
import dev.grcnn.ocr.local.CropFeeder;
import dev.grcnn.ocr.testkit.WordCrops;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;

/**
 * {@code ocr cluster fault-test}: streams crops (one in 50 corrupt) through the job on a local
 * cluster, kills a TaskManager with SIGKILL a third of the way and starts a new one, stops the job
 * with a savepoint two thirds of the way and resubmits it from there, then reads both output topics
 * under read_committed and counts each crop id: every good crop must have exactly one result and
 * every corrupt one exactly one dead letter.
 */
public final class FaultDrill {

  private static final String IN = "drill.crops";
  private static final String OUT = "drill.text";
  private static final String DEAD = "drill.dead";
  private static final int BAD_EVERY = 50;
  private static final int TASK_MANAGERS = 2;
  private static final Duration STALL = Duration.ofMinutes(4);

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
   */
  public record Counts(
      int in, int out, int dead, int lost, int duplicated, int misrouted, int failures) {

    /** The kill was noticed, and nothing was lost, nothing came twice, everything is in place. */
    public boolean passed() {
      return lost == 0 && duplicated == 0 && misrouted == 0 && out + dead == in && failures > 0;
    }
  }

  private FaultDrill() {}

  /** Runs the drill; {@code progress} hears each step. */
  public static Counts run(Settings s, Consumer<String> progress) throws Exception {
    LocalCluster cluster = LocalCluster.start(s.dir(), TASK_MANAGERS, 0, 0, progress);
    try (StopOnExit stopOnExit = new StopOnExit("stop-fault-test-cluster", cluster::stop)) {
      // One partition per slot (one slot per TaskManager).
      cluster.createTopics(TASK_MANAGERS, List.of(IN, OUT, DEAD));
      Configuration settings = jobSettings(cluster, s.modelDir());
      String job = cluster.submit(s.jobJar(), settings, List.of(), null);
      cluster.awaitRunning(job, Duration.ofMinutes(3));
      progress.accept(
          "job " + job + " running; streaming " + s.count() + " crops at " + s.rate() + "/s");
      AtomicIntegerArray results = new AtomicIntegerArray(s.count());
      AtomicIntegerArray deadLetters = new AtomicIntegerArray(s.count());
      Thread feeder = new Thread(() -> feed(cluster.bootstrapServers(), s), "drill-feeder");
      feeder.start();
      try (CommittedTail tail =
          new CommittedTail(cluster.bootstrapServers(), List.of(OUT, DEAD), true)) {
        Counter counter = new Counter(tail, results, deadLetters);
        counter.until(s.count() / 3);
        progress.accept(counter.seen + " crops out; kill -9 taskmanager-1, start taskmanager-3");
        cluster.killTaskManager(LocalCluster.taskManagerName(1));
        cluster.startTaskManager(LocalCluster.taskManagerName(3));
        counter.until(2 * s.count() / 3);
        int failures = cluster.failures(job);
        progress.accept(
            counter.seen
                + " crops out, "
                + failures
                + " failure(s) recovered; stop with a savepoint");
        String savepoint = cluster.stopWithSavepoint(job);
        progress.accept("savepoint " + savepoint + "; resubmitting from it");
        job = cluster.submit(s.jobJar(), settings, List.of(), savepoint);
        cluster.awaitRunning(job, Duration.ofMinutes(3));
        counter.until(s.count());
        feeder.join();
        // Late duplicates would come with the next checkpoints: wait for a few.
        counter.drain(Duration.ofSeconds(10));
        cluster.cancel(job);
        return count(s.count(), results, deadLetters, failures);
      }
    } finally {
      progress.accept("stopping the cluster (logs stay in " + cluster.dir().resolve("log") + ")");
      cluster.stop();
    }
  }

  static Configuration jobSettings(LocalCluster cluster, Path modelDir) {
    Configuration c = new Configuration();
    c.set(OcrJobOptions.BOOTSTRAP_SERVERS, cluster.bootstrapServers());
    c.set(OcrJobOptions.TOPIC_IN, IN);
    c.set(OcrJobOptions.TOPIC_OUT, OUT);
    c.set(OcrJobOptions.TOPIC_DEAD_LETTER, DEAD);
    c.set(OcrJobOptions.GROUP_ID, "drill");
    c.set(OcrJobOptions.TRANSACTIONAL_ID_PREFIX, "drill");
    c.set(OcrJobOptions.MODEL_DIR, modelDir.toAbsolutePath().toString());
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

  private static void feed(String bootstrap, Settings s) {
    List<byte[]> crops = WordCrops.render(200, 3);
    Random random = new Random(5);
    try (CropFeeder feeder = new CropFeeder(bootstrap, IN)) {
      long start = System.nanoTime();
      for (int i = 0; i < s.count(); i++) {
        long wait = start + (long) (i * 1e9 / s.rate()) - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000);
        }
        byte[] value;
        if (bad(i)) {
          value = new byte[64 + random.nextInt(512)];
          random.nextBytes(value);
        } else {
          value = crops.get(i % crops.size());
        }
        feeder.send("c-" + i, value, null);
      }
      feeder.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Counts count(
      int n, AtomicIntegerArray results, AtomicIntegerArray deadLetters, int failures) {
    int out = 0;
    int dead = 0;
    int lost = 0;
    int duplicated = 0;
    int misrouted = 0;
    for (int i = 0; i < n; i++) {
      int r = results.get(i);
      int d = deadLetters.get(i);
      out += r > 0 ? 1 : 0;
      dead += d > 0 ? 1 : 0;
      lost += r + d == 0 ? 1 : 0;
      duplicated += r + d > 1 ? 1 : 0;
      misrouted += (bad(i) ? r : d) > 0 ? 1 : 0;
    }
    return new Counts(n, out, dead, lost, duplicated, misrouted, failures);
  }

  /** Reads the committed outputs and counts each id's results and dead letters. */
  private static final class Counter {
    final CommittedTail tail;
    final AtomicIntegerArray results;
    final AtomicIntegerArray deadLetters;
    int seen;

    Counter(CommittedTail tail, AtomicIntegerArray results, AtomicIntegerArray deadLetters) {
      this.tail = tail;
      this.results = results;
      this.deadLetters = deadLetters;
    }

    /** Reads until {@code target} distinct ids came out. */
    void until(int target) {
      long last = System.nanoTime();
      while (seen < target) {
        if (poll() > 0) {
          last = System.nanoTime();
        } else if (System.nanoTime() - last > STALL.toNanos()) {
          throw new IllegalStateException(
              String.format(
                  Locale.ROOT,
                  "nothing came out for %d min; %d of %d ids are out",
                  STALL.toMinutes(),
                  seen,
                  target));
        }
      }
    }

    void drain(Duration d) {
      long end = System.nanoTime() + d.toNanos();
      while (System.nanoTime() < end) {
        poll();
      }
    }

    private int poll() {
      return tail.poll(
          Duration.ofMillis(200),
          r -> {
            if (r.key() == null) {
              return;
            }
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (!key.startsWith("c-")) {
              return;
            }
            int i = Integer.parseInt(key.substring(2));
            AtomicIntegerArray counts = r.topic().equals(DEAD) ? deadLetters : results;
            if (counts.getAndIncrement(i) == 0
                && (r.topic().equals(DEAD) ? results : deadLetters).get(i) == 0) {
              seen++;
            }
          });
    }
  }
}
