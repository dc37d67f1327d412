package dev.grcnn.ocr.cli;

import dev.grcnn.ocr.local.CropFeeder;
import dev.grcnn.ocr.local.cluster.ComposePorts;
import dev.grcnn.ocr.local.cluster.ComposeQuickStart;
import dev.grcnn.ocr.local.cluster.ContainerPorts;
import dev.grcnn.ocr.local.cluster.DeploySmoke;
import dev.grcnn.ocr.local.cluster.FaultDrill;
import dev.grcnn.ocr.local.cluster.Podman;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ocr deploy}: deploy/'s images and compose file, built and run here with podman. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = {
      "deploy/'s container image and compose file, built and run on this machine with podman:",
      "stand-ins for the official Flink and Kafka images are built from Debian packages and the",
      "project's jars (deploy/README.md, \"Containers here\")."
    },
    subcommands = {DeployCommand.Smoke.class, DeployCommand.Compose.class})
final class DeployCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "name a subcommand: " + String.join(", ", spec.subcommands().keySet()));
  }

  private static void say(CommandSpec spec, String line) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("# " + line);
    err.flush();
  }

  /** Fails with one line (exit 2) when podman or what builds the images is missing. */
  static void requireContainerTools(Path home, String... more) throws Exception {
    requireContainerTools(home, Podman::onPath, more);
  }

  /** As above, with {@code installed} telling whether a program is on the PATH. */
  static void requireContainerTools(
      Path home, java.util.function.Predicate<String> installed, String... more) throws Exception {
    List<String> tools = new java.util.ArrayList<>(List.of("podman", "debootstrap"));
    tools.addAll(List.of(more));
    for (String tool : tools) {
      if (!installed.test(tool)) {
        throw new UsageException(
            tool
                + " is missing: install the Debian packages "
                + Podman.PACKAGES
                + " (.ci/setup .ci/container-packages)");
      }
    }
    String missing = DeploySmoke.missingInput(home);
    if (missing != null) {
      throw new UsageException(missing);
    }
  }

  /** The host ports of the containers. */
  static final class PortOptions {
    @Option(
        names = "--kafka-port",
        defaultValue = "29092",
        description = "Default: ${DEFAULT-VALUE}.")
    int kafka;

    @Option(
        names = "--controller-port",
        defaultValue = "29093",
        description = "Kafka's KRaft controller (default: ${DEFAULT-VALUE}).")
    int controller;

    @Option(
        names = "--rest-port",
        defaultValue = "28081",
        description = "Flink's web UI and REST (default: ${DEFAULT-VALUE}).")
    int rest;

    @Option(
        names = "--rpc-port",
        defaultValue = "26123",
        description = "The JobManager's RPC (default: ${DEFAULT-VALUE}).")
    int rpc;

    @Option(
        names = "--blob-port",
        defaultValue = "26124",
        description = "The JobManager's blob server (default: ${DEFAULT-VALUE}).")
    int blob;

    @Option(
        names = "--metrics-port",
        defaultValue = "29249",
        description =
            "First of ten ports for the Prometheus reporters (default: ${DEFAULT-VALUE}).")
    int metrics;

    ContainerPorts ports() throws UsageException {
      List<Integer> all = List.of(kafka, controller, rest, rpc, blob);
      Set<Integer> distinct = new HashSet<>(all);
      boolean inRange = all.stream().allMatch(p -> p > 0 && p < 65536);
      boolean metricsClear =
          metrics > 0
              && metrics + 9 < 65536
              && all.stream().noneMatch(p -> p >= metrics && p <= metrics + 9);
      if (!inRange || distinct.size() != all.size() || !metricsClear) {
        throw new UsageException(
            "the ports must be distinct, between 1 and 65535, and outside --metrics-port's ten");
      }
      return new ContainerPorts(kafka, controller, rest, rpc, blob, metrics);
    }
  }

  @Command(
      name = "smoke",
      mixinStandardHelpOptions = true,
      description = {
        "Builds the images (the first time: a Debian base with debootstrap, then the Flink and",
        "Kafka stand-ins and deploy/docker/Dockerfile on them; later only what changed), starts",
        "Kafka, a JobManager running the job in application mode and two TaskManagers as",
        "containers on the host's network, streams --count crops (1 in 50 corrupt), kills one",
        "TaskManager container a third of the way (podman kill) and starts another, then counts",
        "each crop id in the committed output and removes every container. Last line: in, out,",
        "dead, lost, duplicated. Exit 0 when nothing is lost or duplicated and the kill was",
        "recovered from. Needs 'mvn -B -Pstandin -DskipTests package' first."
      })
  static final class Smoke implements Callable<Integer> {
    @Option(names = "--count", defaultValue = "3000", description = "Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(
        names = "--rate",
        defaultValue = "100",
        description = "Crops/s offered (default: ${DEFAULT-VALUE}).")
    double rate;

    @Mixin DebianMirrorOption debianMirror;

    @Mixin PortOptions ports;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (count < 3 || rate <= 0) {
        throw new UsageException("--count must be at least 3 and --rate positive");
      }
      ContainerPorts p = ports.ports();
      Path home = ModelOptions.home();
      requireContainerTools(home);
      long start = System.nanoTime();
      FaultDrill.Counts c =
          DeploySmoke.run(
              new DeploySmoke.Settings(home, count, rate, p, debianMirror.url), l -> say(spec, l));
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      say(spec, String.format(Locale.ROOT, "took %d min %02d s", seconds / 60, seconds % 60));
      return DrillVerdict.print(
          spec.commandLine().getOut(), "deploy smoke", c, "a TaskManager container killed");
    }
  }

  @Command(
      name = "compose",
      mixinStandardHelpOptions = true,
      description = {
        "deploy/README.md's laptop quick start with podman-compose: builds the images as the",
        "smoke does, brings up deploy/docker-compose.yml with its variables naming the stand-in",
        "images and the host ports below, sends the crops of --crops (./ocr produce) and reads",
        "the committed results (./ocr consume), then podman-compose down -v. Exit 0 when every",
        "crop came out exactly once."
      })
  static final class Compose implements Callable<Integer> {
    @Option(
        names = "--crops",
        paramLabel = "FOLDER",
        description = "The crops to send (default: samples/).")
    Path crops;

    @Option(
        names = "--kafka-port",
        defaultValue = "29192",
        description = "KAFKA_PORT (default: ${DEFAULT-VALUE}).")
    int kafka;

    @Option(
        names = "--flink-ui-port",
        defaultValue = "28181",
        description = "FLINK_UI_PORT (default: ${DEFAULT-VALUE}).")
    int flinkUi;

    @Option(
        names = "--jobmanager-metrics-port",
        defaultValue = "29349",
        description = "JOBMANAGER_METRICS_PORT (default: ${DEFAULT-VALUE}).")
    int jobManagerMetrics;

    @Option(
        names = "--taskmanager-metrics-port",
        defaultValue = "29350",
        description = "TASKMANAGER_METRICS_PORT (default: ${DEFAULT-VALUE}).")
    int taskManagerMetrics;

    @Mixin DebianMirrorOption debianMirror;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      List<Integer> ports = List.of(kafka, flinkUi, jobManagerMetrics, taskManagerMetrics);
      if (new HashSet<>(ports).size() != ports.size()
          || !ports.stream().allMatch(p -> p > 0 && p < 65536)) {
        throw new UsageException("the ports must be distinct and between 1 and 65535");
      }
      Path home = ModelOptions.home();
      Path folder = crops != null ? crops : home.resolve("samples");
      if (!Files.isDirectory(folder)) {
        throw new UsageException("no such folder: " + folder);
      }
      List<Path> files = CropFeeder.files(folder);
      if (files.isEmpty()) {
        throw new UsageException("no files in " + folder);
      }
      requireContainerTools(home, "podman-compose");
      long start = System.nanoTime();
      ComposeQuickStart.Outcome o =
          ComposeQuickStart.run(
              new ComposeQuickStart.Settings(
                  home,
                  files,
                  new ComposePorts(kafka, flinkUi, jobManagerMetrics, taskManagerMetrics),
                  debianMirror.url),
              l -> say(spec, l));
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      say(spec, String.format(Locale.ROOT, "took %d min %02d s", seconds / 60, seconds % 60));
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          Locale.ROOT,
          "compose quick start %s: sent %d, out %d, missing %d, duplicated %d%n",
          o.passed() ? "passed" : "FAILED",
          o.sent(),
          o.lines().size(),
          o.missing(),
          o.duplicated());
      out.flush();
      return o.passed() ? 0 : OcrCli.FAILED;
    }
  }
}
