package dev.grcnn.ocr.local.cluster;

import dev.grcnn.ocr.local.CropIds;
import dev.grcnn.ocr.testkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code ocr deploy smoke}: the production image, built on the Flink stand-in, through the fault
 * drill in containers. Kafka, a JobManager running the job in application mode and two TaskManagers
 * start as podman containers; crops stream in (one in 50 corrupt); a third of the way one
 * TaskManager container is killed ({@code podman kill}, SIGKILL) and another one started; then both
 * output topics are read under read_committed and each crop id counted. Every container is removed
 * at the end, also when the run fails or is interrupted.
 */
public final class DeploySmoke {

  private static final int TASK_MANAGERS = 2;
  private static final String MODEL_IN_IMAGE = "/opt/grcnn/models/default";

  /**
   * What to run.
   *
   * @param home the repository
   * @param count crops
   * @param rate crops/s offered
   * @param ports the host ports of the containers
   * @param debianMirror where debootstrap gets the base image's packages
   */
  public record Settings(
      Path home, int count, double rate, ContainerPorts ports, String debianMirror) {}

  private DeploySmoke() {}

  /** The run's folder: build contexts, logs, podman's configuration. */
  public static Path work(Path home) {
    return home.resolve(".deploy-smoke");
  }

  /** Why the smoke cannot run yet (a build output is missing), or null. */
  public static String missingInput(Path home) throws java.io.IOException {
    return new StandInImages(home, work(home), null, null, l -> {}).missingInput();
  }

  /** Builds the images (cached), runs the drill in containers and removes them. */
  public static FaultDrill.Counts run(Settings s, Consumer<String> progress) throws Exception {
    Path work = work(s.home());
    Podman podman = Podman.in(work);
    StandInImages images = new StandInImages(s.home(), work, podman, s.debianMirror(), progress);
    images.build();
    ContainerCluster cluster =
        new ContainerCluster(
            podman, s.ports(), images.ocr(), StandInImages.kafka(), work.resolve("log"));
    cluster.removeLeftovers(TASK_MANAGERS + 1);
    try (StopOnExit stopOnExit = new StopOnExit("remove-smoke-containers", cluster::remove)) {
      progress.accept(
          "container " + ContainerCluster.KAFKA + ": Kafka on " + cluster.bootstrapServers());
      cluster.startKafka();
      KafkaBroker.external(cluster.bootstrapServers())
          .createTopics(
              TASK_MANAGERS * LocalCluster.SLOTS_PER_TASK_MANAGER,
              List.of(FaultDrill.IN, FaultDrill.OUT, FaultDrill.DEAD));
      progress.accept(
          "container "
              + ContainerCluster.JOB_MANAGER
              + ": standalone-job (application mode), REST on "
              + cluster.restUrl());
      cluster.startJobManager(
          LocalCluster.ENTRY_CLASS,
          LocalCluster.jobArguments(
              FaultDrill.jobSettings(cluster.bootstrapServers(), MODEL_IN_IMAGE)));
      for (int i = 1; i <= TASK_MANAGERS; i++) {
        progress.accept("container " + ContainerCluster.taskManager(i) + ": taskmanager");
        cluster.startTaskManager(ContainerCluster.taskManager(i));
      }
      cluster.awaitTaskManagers(TASK_MANAGERS, Duration.ofMinutes(5));
      String job = cluster.awaitJobRunning(Duration.ofMinutes(5));
      List<Integer> prometheus = cluster.prometheusPorts();
      if (prometheus.isEmpty()) {
        throw new java.io.IOException(
            "no Flink container serves Prometheus metrics: plugins/metrics-prometheus did not load");
      }
      progress.accept(
          "Prometheus metrics (plugins/metrics-prometheus) on 127.0.0.1 ports " + prometheus);
      progress.accept(
          "job " + job + " running; streaming " + s.count() + " crops at " + s.rate() + "/s");
      try (CropIds ids =
          new CropIds(
              cluster.bootstrapServers(),
              FaultDrill.ID_PREFIX,
              s.count(),
              FaultDrill.OUT,
              FaultDrill.DEAD,
              true,
              null)) {
        Thread feeder =
            new Thread(
                () -> FaultDrill.feed(cluster.bootstrapServers(), s.count(), s.rate()),
                "smoke-feeder");
        feeder.start();
        ids.until(s.count() / 3, FaultDrill.STALL);
        String killed = ContainerCluster.taskManager(1);
        String fresh = ContainerCluster.taskManager(TASK_MANAGERS + 1);
        progress.accept(ids.out() + " crops out; podman kill " + killed + ", start " + fresh);
        cluster.kill(killed);
        cluster.startTaskManager(fresh);
        ids.until(s.count(), FaultDrill.STALL);
        feeder.join();
        // Late duplicates would come with the next checkpoints: wait for a few.
        ids.drain(Duration.ofSeconds(10));
        int failures = cluster.failures(job);
        progress.accept(failures + " failure(s) recovered");
        // Open transactions are not checked here (the fault test does): the containers go.
        return FaultDrill.count(s.count(), ids, failures, 0);
      }
    } finally {
      progress.accept("removing the containers (logs in " + work.resolve("log") + ")");
      cluster.remove();
    }
  }
}
