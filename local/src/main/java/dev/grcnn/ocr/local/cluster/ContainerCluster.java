package dev.grcnn.ocr.local.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Kafka, a JobManager running the job in application mode and TaskManagers, each a podman container
 * on the host's network, bound to 127.0.0.1 on ports of their own (so that they run beside a local
 * cluster on the default ports). The Flink containers share a volume for checkpoints, as the
 * compose file's do. Every container and the volume carry the name prefix {@code grcnn-smoke-}, so
 * that {@link #remove} (and the next run) finds what an interrupted run left.
 */
final class ContainerCluster {

  static final String PREFIX = "grcnn-smoke-";
  static final String KAFKA = PREFIX + "kafka";
  static final String JOB_MANAGER = PREFIX + "jobmanager";
  static final String STATE_VOLUME = PREFIX + "state";

  /** The Prometheus reporters' port range: one port for each Flink container. */
  static final int METRICS_PORTS = 10;

  private final Podman podman;
  private final ContainerPorts ports;
  private final String ocrImage;
  private final String kafkaImage;
  private final Path logs;
  private final List<String> started = new ArrayList<>();
  private final FlinkRest rest;

  ContainerCluster(
      Podman podman, ContainerPorts ports, String ocrImage, String kafkaImage, Path logs) {
    this.podman = podman;
    this.ports = ports;
    this.ocrImage = ocrImage;
    this.kafkaImage = kafkaImage;
    this.logs = logs;
    this.rest = new FlinkRest("http://127.0.0.1:" + ports.rest());
  }

  static String taskManager(int i) {
    return PREFIX + "taskmanager-" + i;
  }

  String bootstrapServers() {
    return "127.0.0.1:" + ports.kafka();
  }

  String restUrl() {
    return "http://127.0.0.1:" + ports.rest();
  }

  /** Removes what an earlier run may have left: its containers and the state volume. */
  void removeLeftovers(int taskManagers) throws IOException, InterruptedException {
    List<String> names = new ArrayList<>(List.of(KAFKA, JOB_MANAGER));
    for (int i = 1; i <= taskManagers; i++) {
      names.add(taskManager(i));
    }
    podman.removeContainers(names);
    podman.removeVolume(STATE_VOLUME);
  }

  /** The stand-in Kafka, configured through KAFKA_* variables as apache/kafka is. */
  void startKafka() throws IOException, InterruptedException {
    String host = "127.0.0.1:";
    start(
        KAFKA,
        List.of(
            "-e", "KAFKA_NODE_ID=1",
            "-e", "KAFKA_PROCESS_ROLES=broker,controller",
            "-e", "KAFKA_CONTROLLER_QUORUM_VOTERS=1@" + host + ports.controller(),
            "-e",
                "KAFKA_LISTENERS=PLAINTEXT://"
                    + host
                    + ports.kafka()
                    + ",CONTROLLER://"
                    + host
                    + ports.controller(),
            "-e", "KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://" + host + ports.kafka(),
            "-e", "KAFKA_CONTROLLER_LISTENER_NAMES=CONTROLLER",
            "-e", "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "-e", "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=1",
            "-e", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR=1",
            "-e", "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR=1",
            "-e", "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS=0",
            "-e", "KAFKA_AUTO_CREATE_TOPICS_ENABLE=false",
            "-e", "KAFKA_LOG_DIRS=/var/lib/kafka/data"),
        kafkaImage,
        List.of());
    ChildJvm.awaitPort(ports.kafka(), 180);
  }

  /**
   * The JobManager in application mode: {@code standalone-job --job-classname <entry> <args>}, the
   * job jar from the image's usrlib/.
   */
  void startJobManager(String entryClass, List<String> jobArgs)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of("standalone-job", "--job-classname", entryClass));
    command.addAll(jobArgs);
    start(JOB_MANAGER, flinkOptions(), ocrImage, command);
  }

  /** A TaskManager: {@code taskmanager}. */
  void startTaskManager(String name) throws IOException, InterruptedException {
    start(name, flinkOptions(), ocrImage, List.of("taskmanager"));
  }

  /** {@code podman kill}: SIGKILL to the container's process, as a crash would. */
  void kill(String name) throws IOException, InterruptedException {
    podman.run(120, "kill", name);
  }

  /** Waits until {@code n} TaskManagers are registered. */
  void awaitTaskManagers(int n, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        if (rest.taskManagers() >= n) {
          return;
        }
      } catch (IOException e) {
        // The REST endpoint is not up yet.
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("fewer than " + n + " TaskManagers registered; logs in " + logs);
      }
      Thread.sleep(1000);
    }
  }

  /** The id of the job the JobManager runs, once it has submitted it and all its tasks run. */
  String awaitJobRunning(Duration timeout) throws IOException, InterruptedException {
    return rest.awaitJobRunning(timeout, logs.toString());
  }

  /**
   * The ports of the Prometheus range on which a Flink container serves Flink's metrics: the
   * reporter comes from the image's plugins/metrics-prometheus, so none means the plugin did not
   * load.
   */
  List<Integer> prometheusPorts() throws InterruptedException {
    java.net.http.HttpClient http =
        java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    List<Integer> serving = new ArrayList<>();
    for (int port = ports.metrics(); port < ports.metrics() + METRICS_PORTS; port++) {
      try {
        java.net.http.HttpResponse<String> r =
            http.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().contains("flink_")) {
          serving.add(port);
        }
      } catch (IOException e) {
        // Nothing listens there.
      }
    }
    return serving;
  }

  /** How many failures the job recorded. */
  int failures(String job) throws IOException, InterruptedException {
    return rest.failures(job);
  }

  /** Saves every started container's output to {@code logs/}, then removes them and the volume. */
  void remove() throws IOException, InterruptedException {
    for (String name : started) {
      podman.saveLogs(name, logs.resolve(name + ".log"));
    }
    List<String> newestFirst = new ArrayList<>(started);
    java.util.Collections.reverse(newestFirst);
    podman.removeContainers(newestFirst);
    podman.removeVolume(STATE_VOLUME);
    started.clear();
  }

  /**
   * The Flink settings of every Flink container, through FLINK_PROPERTIES as compose gives them
   * (one {@code key: value} a line, no blanks in a value), changed for the host's network:
   * addresses on 127.0.0.1, the given ports, and a killed TaskManager noticed within seconds.
   */
  private List<String> flinkOptions() {
    String properties =
        String.join(
            "\n",
            "jobmanager.rpc.address: 127.0.0.1",
            "jobmanager.rpc.port: " + ports.rpc(),
            "jobmanager.bind-host: 127.0.0.1",
            "rest.address: 127.0.0.1",
            "rest.bind-address: 127.0.0.1",
            "rest.port: " + ports.rest(),
            "blob.server.port: " + ports.blob(),
            "taskmanager.host: 127.0.0.1",
            "taskmanager.bind-host: 127.0.0.1",
            "jobmanager.memory.process.size: 1024m",
            "taskmanager.memory.process.size: 2g",
            "taskmanager.memory.task.off-heap.size: 512m",
            "taskmanager.memory.managed.fraction: 0.05",
            "taskmanager.numberOfTaskSlots: " + LocalCluster.SLOTS_PER_TASK_MANAGER,
            "parallelism.default: 2",
            "classloader.parent-first-patterns.additional: ai.djl.",
            "execution.checkpointing.dir: file:///opt/flink/state/checkpoints",
            "execution.checkpointing.savepoint-dir: file:///opt/flink/state/savepoints",
            "heartbeat.interval: 2s",
            "heartbeat.timeout: 10s",
            "restart-strategy.type: fixed-delay",
            "restart-strategy.fixed-delay.attempts: 1000",
            "restart-strategy.fixed-delay.delay: 2s",
            "metrics.reporter.prom.factory.class:"
                + " org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
            "metrics.reporter.prom.port: "
                + ports.metrics()
                + "-"
                + (ports.metrics() + METRICS_PORTS - 1));
    return List.of(
        "-e", "FLINK_PROPERTIES=" + properties, "-v", STATE_VOLUME + ":/opt/flink/state");
  }

  private void start(String name, List<String> options, String image, List<String> command)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", "host"));
    args.addAll(options);
    args.add(image);
    args.addAll(command);
    started.add(name);
    podman.run(300, args);
  }
}
