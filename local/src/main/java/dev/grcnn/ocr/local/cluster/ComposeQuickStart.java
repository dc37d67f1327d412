package dev.grcnn.ocr.local.cluster;

import dev.grcnn.ocr.job.OcrJobOptions;
import dev.grcnn.ocr.local.CommittedTail;
import dev.grcnn.ocr.local.CropFeeder;
import dev.grcnn.ocr.local.ResultLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * {@code ocr deploy compose}: deploy/README.md's laptop quick start, for real. podman-compose
 * brings up {@code deploy/docker-compose.yml} unchanged, its variables naming the stand-in images
 * (built as for the smoke) and free host ports; the sample crops go in as {@code ./ocr produce}
 * sends them and the committed results are read as {@code ./ocr consume} reads them; then {@code
 * podman-compose down -v} removes the containers and volumes, and the network goes too.
 */
public final class ComposeQuickStart {

  /** The compose project: the prefix of its containers, volumes and network. */
  static final String PROJECT = "grcnn-compose";

  private static final Duration STALL = Duration.ofMinutes(5);

  /**
   * What to run.
   *
   * @param home the repository
   * @param crops the crop files to send (the file name is the id)
   * @param ports the compose file's host ports
   * @param debianMirror where debootstrap gets the base image's packages
   */
  public record Settings(Path home, List<Path> crops, ComposePorts ports, String debianMirror) {}

  /**
   * What came out.
   *
   * @param sent crops sent
   * @param lines one line per committed record, as {@code ./ocr consume} prints them
   * @param missing ids with no output
   * @param duplicated ids with more than one
   */
  public record Outcome(int sent, List<String> lines, int missing, int duplicated) {

    /** Every crop came out exactly once. */
    public boolean passed() {
      return missing == 0 && duplicated == 0 && lines.size() == sent;
    }
  }

  private ComposeQuickStart() {}

  /** Builds the images (cached), runs the quick start and takes the stack down. */
  public static Outcome run(Settings s, Consumer<String> progress) throws Exception {
    Path work = DeploySmoke.work(s.home());
    Podman podman = Podman.in(work);
    StandInImages images = new StandInImages(s.home(), work, podman, s.debianMirror(), progress);
    images.build();
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("OCR_IMAGE", images.ocr());
    variables.put("FLINK_IMAGE", StandInImages.flink());
    variables.put("KAFKA_IMAGE", StandInImages.kafka());
    variables.put("KAFKA_PORT", Integer.toString(s.ports().kafka()));
    variables.put("FLINK_UI_PORT", Integer.toString(s.ports().flinkUi()));
    variables.put("JOBMANAGER_METRICS_PORT", Integer.toString(s.ports().jobManagerMetrics()));
    variables.put("TASKMANAGER_METRICS_PORT", Integer.toString(s.ports().taskManagerMetrics()));
    Path log = work.resolve("log/compose.log");
    java.nio.file.Files.deleteIfExists(log);
    down(podman, s.home(), variables, log);
    try (StopOnExit stopOnExit =
        new StopOnExit("compose-down", () -> down(podman, s.home(), variables, log))) {
      progress.accept(
          "podman-compose up: deploy/docker-compose.yml with "
              + variables.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()
              + " (log "
              + log
              + ")");
      compose(podman, s.home(), variables, log, 1800, "up", "-d");
      String bootstrap = "localhost:" + s.ports().kafka();
      // The topics exist once kafka-init has ended well (compose: service_completed_successfully).
      String init = PROJECT + "_kafka-init_1";
      String initExit = podman.run(900, "wait", init).strip();
      if (!initExit.equals("0")) {
        throw new IOException(
            init + " ended with exit code " + initExit + "; see podman logs " + init);
      }
      String job =
          new FlinkRest("http://localhost:" + s.ports().flinkUi())
              .awaitJobRunning(Duration.ofMinutes(10), "podman logs " + PROJECT + "_jobmanager_1");
      progress.accept(
          "job " + job + " running; ./ocr produce --bootstrap-servers " + bootstrap + " ...");
      try (CropFeeder feeder = new CropFeeder(bootstrap, OcrJobOptions.DEFAULT_TOPIC_IN)) {
        feeder.sendFiles(s.crops(), null);
        feeder.flush();
      }
      progress.accept("./ocr consume --bootstrap-servers " + bootstrap + " ... (read_committed)");
      return read(bootstrap, s.crops(), progress);
    } finally {
      for (String service : List.of("kafka", "kafka-init", "jobmanager", "taskmanager")) {
        String name = PROJECT + "_" + service + "_1";
        podman.saveLogs(name, work.resolve("log").resolve(name + ".log"));
      }
      progress.accept("podman-compose down -v (logs in " + work.resolve("log") + ")");
      down(podman, s.home(), variables, log);
    }
  }

  /** Reads both output topics until every crop came out; prints each line. */
  private static Outcome read(String bootstrap, List<Path> crops, Consumer<String> progress) {
    Map<String, Integer> seen = new HashMap<>();
    for (Path c : crops) {
      seen.put(c.getFileName().toString(), 0);
    }
    List<String> lines = new ArrayList<>();
    try (CommittedTail tail =
        new CommittedTail(
            bootstrap,
            List.of(OcrJobOptions.DEFAULT_TOPIC_OUT, OcrJobOptions.DEFAULT_TOPIC_DEAD_LETTER),
            true)) {
      // Each record counts for its id (the key) and keeps its line.
      Consumer<ConsumerRecord<byte[], byte[]>> keep =
          r -> {
            String id = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
            seen.merge(id, 1, Integer::sum);
            lines.add(ResultLines.format(r));
          };
      long last = System.nanoTime();
      while (seen.values().stream().anyMatch(n -> n == 0)
          && System.nanoTime() - last < STALL.toNanos()) {
        int n =
            tail.poll(
                Duration.ofMillis(500),
                r -> {
                  keep.accept(r);
                  progress.accept(ResultLines.format(r));
                });
        if (n > 0) {
          last = System.nanoTime();
        }
      }
      // A duplicate would come with a later checkpoint (every 5 s in the compose file).
      long end = System.nanoTime() + Duration.ofSeconds(12).toNanos();
      while (System.nanoTime() < end) {
        tail.poll(Duration.ofMillis(500), keep);
      }
    }
    int missing = (int) seen.values().stream().filter(n -> n == 0).count();
    int duplicated = (int) seen.values().stream().filter(n -> n > 1).count();
    return new Outcome(crops.size(), List.copyOf(lines), missing, duplicated);
  }

  /** {@code podman-compose down -v}, then the network, which podman-compose 1.0 leaves. */
  private static void down(Podman podman, Path home, Map<String, String> variables, Path log)
      throws IOException, InterruptedException {
    compose(podman, home, variables, log, 600, "down", "-v");
    podman.removeNetwork(PROJECT + "_default");
  }

  private static void compose(
      Podman podman,
      Path home,
      Map<String, String> variables,
      Path log,
      long timeoutSeconds,
      String... args)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of("podman-compose", "-p", PROJECT, "-f", "docker-compose.yml"));
    command.addAll(List.of(args));
    Podman.Result r = podman.exec(timeoutSeconds, command, log, home.resolve("deploy"), variables);
    if (r.exit() != 0) {
      throw new IOException(
          "podman-compose " + args[0] + " failed (exit " + r.exit() + "); see " + log);
    }
  }
}
