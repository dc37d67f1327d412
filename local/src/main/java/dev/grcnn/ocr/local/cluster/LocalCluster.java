package dev.grcnn.ocr.local.cluster;

import dev.grcnn.ocr.job.OcrStreamingJob;
import dev.grcnn.ocr.model.Folders;
import dev.grcnn.ocr.testkit.KafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;

/**
 * A Flink cluster and a Kafka broker on this machine, each process a JVM of its own: one KRaft
 * Kafka node, one JobManager and some TaskManagers, from the project's Maven-resolved jars. Its
 * files live in one folder; {@link #open} finds a cluster that an earlier command started.
 */
public final class LocalCluster {

  /** Each TaskManager runs one inference task: PyTorch uses the cores it is given. */
  public static final int SLOTS_PER_TASK_MANAGER = 1;

  /** The class that runs the streaming job. */
  public static final String ENTRY_CLASS = OcrStreamingJob.class.getName();

  private final ClusterLayout layout;
  private final FlinkRest rest;

  private LocalCluster(ClusterLayout layout) {
    this.layout = layout;
    this.rest = new FlinkRest(layout.restUrl());
  }

  /**
   * Starts a new cluster in {@code dir} (its earlier contents are deleted) and waits until every
   * TaskManager has registered.
   *
   * @param kafkaPort the broker's port, 0 for a free one
   * @param restPort Flink's REST port, 0 for a free one
   * @throws IOException when a cluster is still running there or a process does not come up
   */
  public static LocalCluster start(
      Path dir, int taskManagers, int kafkaPort, int restPort, Consumer<String> progress)
      throws IOException, InterruptedException {
    if (Files.isRegularFile(dir.resolve("cluster.properties"))
        && !new LocalCluster(ClusterLayout.open(dir)).running().isEmpty()) {
      throw new IOException(
          "a local cluster is running in " + dir + ": stop it first with 'ocr cluster stop'");
    }
    Folders.delete(dir);
    ClusterLayout layout = ClusterLayout.create(dir, kafkaPort, restPort);
    LocalCluster cluster = new LocalCluster(layout);
    try {
      progress.accept("Kafka broker on " + layout.bootstrapServers());
      KafkaBrokerProcess.start(layout);
      FlinkProcesses.writeConf(
          layout, SLOTS_PER_TASK_MANAGER, taskManagers * SLOTS_PER_TASK_MANAGER);
      progress.accept("JobManager, web UI and REST on " + layout.restUrl());
      FlinkProcesses.startJobManager(layout);
      for (int i = 1; i <= taskManagers; i++) {
        cluster.startTaskManager(taskManagerName(i));
      }
      progress.accept(taskManagers + " TaskManagers (" + SLOTS_PER_TASK_MANAGER + " slot each)");
      cluster.awaitTaskManagers(taskManagers, Duration.ofMinutes(2));
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.stop();
      throw e;
    }
  }

  /** The cluster an earlier {@code start} left running in {@code dir}. */
  public static LocalCluster open(Path dir) throws IOException {
    return new LocalCluster(ClusterLayout.open(dir));
  }

  /** {@code taskmanager-i}. */
  public static String taskManagerName(int i) {
    return "taskmanager-" + i;
  }

  /** The cluster's Kafka broker; closing it stops its process. */
  public KafkaBroker kafka() {
    return KafkaBrokerProcess.of(layout);
  }

  /** The broker's bootstrap servers. */
  public String bootstrapServers() {
    return kafka().bootstrapServers();
  }

  /** Flink's web UI and REST API. */
  public String restUrl() {
    return layout.restUrl();
  }

  /** The cluster's folder (logs in {@code log/}). */
  public Path dir() {
    return layout.dir;
  }

  /** Starts one more TaskManager. */
  public void startTaskManager(String name) throws IOException {
    FlinkProcesses.startTaskManager(layout, name);
  }

  /** Kills a TaskManager with SIGKILL, as a crash would: no shutdown hook runs. */
  public void killTaskManager(String name) throws IOException, InterruptedException {
    ProcessHandle p =
        ChildJvm.alive(layout.pid(name))
            .orElseThrow(() -> new IOException(name + " is not running"));
    p.destroyForcibly();
    try {
      p.onExit().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException(name + " did not die on SIGKILL", e);
    }
  }

  /** Stops the Kafka broker (SIGTERM, as an operator or a crash of its host would). */
  public void stopKafka() throws IOException {
    KafkaBrokerProcess.of(layout).close();
  }

  /** Starts the Kafka broker again on its port and data, after {@link #stopKafka}. */
  public void startKafka() throws IOException, InterruptedException {
    KafkaBrokerProcess.start(layout);
  }

  /**
   * The transactional ids whose transaction the broker holds open (Kafka's Admin {@code
   * listTransactions}, state {@code ONGOING}): after a job stopped cleanly there must be none.
   */
  public List<String> ongoingTransactions() throws IOException {
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(kafka().clientProperties())) {
      return admin
          .listTransactions(
              new org.apache.kafka.clients.admin.ListTransactionsOptions()
                  .filterStates(List.of(org.apache.kafka.clients.admin.TransactionState.ONGOING)))
          .all()
          .get(60, TimeUnit.SECONDS)
          .stream()
          .map(org.apache.kafka.clients.admin.TransactionListing::transactionalId)
          .sorted()
          .toList();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("cannot list the broker's transactions: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while listing transactions", e);
    }
  }

  /** Waits until {@code n} TaskManagers are registered. */
  public void awaitTaskManagers(int n, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int registered = 0;
    while (registered < n) {
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "only " + registered + " of " + n + " TaskManagers registered; see " + logs());
      }
      Thread.sleep(500);
      try {
        registered = rest.taskManagers();
      } catch (IOException e) {
        // The REST endpoint answers before the ResourceManager is elected: not yet.
        registered = 0;
      }
    }
  }

  /** Creates the job's topics (if missing) with one partition per TaskManager slot. */
  public void createTopics(int partitions, List<String> topics) {
    kafka().createTopics(partitions, topics);
  }

  /**
   * Creates {@code topics} with one partition per slot of the TaskManagers there are, however many
   * were started.
   */
  public void createTopicsPerSlot(List<String> topics) throws IOException, InterruptedException {
    createTopics(Math.max(1, taskManagers() * SLOTS_PER_TASK_MANAGER), topics);
  }

  /**
   * Submits the job jar with {@code flink run}; returns the job id.
   *
   * @param settings the job's settings, passed as {@code --key value} arguments
   * @param moreArgs arguments after them (they win)
   * @param savepoint restore from it, or null
   */
  public String submit(Path jobJar, Configuration settings, List<String> moreArgs, String savepoint)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(jobArguments(settings));
    args.addAll(moreArgs);
    return new FlinkClient(layout).run(jobJar, ENTRY_CLASS, savepoint, args);
  }

  /** The job's {@code --key value} arguments for settings ({@code OcrJobOptions}). */
  static List<String> jobArguments(Configuration settings) {
    List<String> args = new ArrayList<>();
    new TreeMap<>(settings.toMap())
        .forEach(
            (k, v) -> {
              args.add("--" + k);
              args.add(v);
            });
    return args;
  }

  /**
   * Runs Flink's SQL Client (embedded mode) on this terminal against the cluster and returns its
   * exit code. Its log is {@code log/sql-client.log}.
   *
   * @param clientJars its class path beyond the cluster's {@code lib/}
   * @param jars added to the session with {@code --jar}
   * @param init statements run first ({@code -i}), or null
   * @param script statements run before the client exits ({@code -f}); null for its shell
   * @param out where the client's output goes when it runs a script
   * @return the client's exit code, or 1 when it reported a failed statement of the script
   * @throws IOException when Kafka or the JobManager is not running
   */
  public int sqlClient(
      List<Path> clientJars, List<Path> jars, Path init, Path script, java.io.PrintWriter out)
      throws IOException, InterruptedException {
    requireRunning();
    return new FlinkSqlClient(layout).run(clientJars, jars, init, script, out);
  }

  /**
   * Fails with a one-line message when the broker or the JobManager is not alive, or the
   * JobManager's REST API does not answer yet (a cluster still starting).
   */
  public void requireRunning() throws IOException, InterruptedException {
    List<String> running = running();
    if (!running.contains(KafkaBrokerProcess.NAME)
        || !running.contains(FlinkProcesses.JOB_MANAGER)) {
      throw new IOException(
          "the local cluster in " + layout.dir + " is not running: 'ocr cluster start' first");
    }
    try {
      rest.taskManagers();
    } catch (IOException e) {
      throw new IOException(
          "Flink's REST API at " + restUrl() + " does not answer (still starting?): " + e, e);
    }
  }

  /** How many TaskManagers are registered (one slot each). */
  public int taskManagers() throws IOException, InterruptedException {
    return rest.taskManagers();
  }

  /** Stops a job with a savepoint ({@code flink stop}); returns the savepoint's path. */
  public String stopWithSavepoint(String jobId) throws IOException, InterruptedException {
    return new FlinkClient(layout).stopWithSavepoint(jobId);
  }

  /** Cancels a job. */
  public void cancel(String jobId) throws IOException, InterruptedException {
    rest.cancel(jobId);
  }

  /** Waits until the job and all its tasks run. */
  public void awaitRunning(String jobId, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!rest.allTasksRunning(jobId)) {
      String state = rest.jobState(jobId);
      if (state.equals("FAILED") || state.equals("CANCELED")) {
        throw new IOException("job " + jobId + " is " + state + "; see " + logs());
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("job " + jobId + " not running after " + timeout + "; see " + logs());
      }
      Thread.sleep(500);
    }
  }

  /** How many failures the job recorded; each restarted some or all of its tasks. */
  public int failures(String jobId) throws IOException, InterruptedException {
    return rest.failures(jobId);
  }

  /** The processes that are alive, by name. */
  public List<String> running() throws IOException {
    List<String> names = new ArrayList<>();
    Path pids = layout.dir.resolve("pid");
    if (Files.isDirectory(pids)) {
      try (Stream<Path> files = Files.list(pids)) {
        for (Path f : files.sorted().toList()) {
          if (ChildJvm.alive(f).isPresent()) {
            names.add(f.getFileName().toString().replace(".pid", ""));
          }
        }
      }
    }
    return names;
  }

  /**
   * Stops every process: TaskManagers first, then the JobManager, then Kafka, each with SIGTERM
   * (their shutdown hooks run) and SIGKILL after 30 s.
   */
  public void stop() throws IOException {
    List<String> order = new ArrayList<>(running());
    order.sort(
        Comparator.comparingInt(
            n -> n.startsWith("taskmanager") ? 0 : n.equals(FlinkProcesses.JOB_MANAGER) ? 1 : 2));
    for (String name : order) {
      ChildJvm.stop(layout.pid(name));
    }
  }

  private Path logs() {
    return layout.dir.resolve("log");
  }

  /** The job jar the build made: {@code job/target/grcnn-job-<version>-flink.jar}. */
  public static Path jobJar(Path home) throws IOException {
    Path target = home.resolve("job").resolve("target");
    if (Files.isDirectory(target)) {
      try (Stream<Path> files = Files.list(target)) {
        Optional<Path> jar =
            files
                .filter(f -> f.getFileName().toString().matches("grcnn-job-.*-flink\\.jar"))
                .findFirst();
        if (jar.isPresent()) {
          return jar.get();
        }
      }
    }
    throw new IOException("no job jar in " + target + ": build it with 'mvn -B package'");
  }
}
