package dev.grcnn.ocr.cli;

import dev.grcnn.ocr.job.OcrJobOptions;
import dev.grcnn.ocr.local.cluster.FaultDrill;
import dev.grcnn.ocr.local.cluster.LocalCluster;
import dev.grcnn.ocr.local.cluster.SqlClientJars;
import dev.grcnn.ocr.local.cluster.SqlClientScript;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ocr cluster}: a Kafka broker and a Flink cluster as separate processes here. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = {
      "A local Flink cluster (JobManager + TaskManagers) and Kafka broker (KRaft), each a JVM",
      "of its own, from the project's jars: start it, submit the job jar, check it, stop it;",
      "run Flink's own SQL Client against it; or run the fault test on a fresh one."
    },
    subcommands = {
      ClusterCommand.Start.class,
      ClusterCommand.Submit.class,
      ClusterCommand.Sql.class,
      ClusterCommand.Status.class,
      ClusterCommand.Stop.class,
      ClusterCommand.FaultTest.class
    })
final class ClusterCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "name a subcommand: " + String.join(", ", spec.subcommands().keySet()));
  }

  /** The cluster's folder option, shared by the subcommands. */
  static final class DirOption {
    @Option(
        names = "--dir",
        paramLabel = "DIR",
        description = "The cluster's folder: config, logs, data (default: .local-cluster).")
    Path dir;

    Path dir() {
      return dir != null ? dir : ModelOptions.home().resolve(".local-cluster");
    }
  }

  private static void say(CommandSpec spec, String line) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("# " + line);
    err.flush();
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = "Starts Kafka, a JobManager and TaskManagers in the background.")
  static final class Start implements Callable<Integer> {
    @Mixin DirOption dir;

    @Option(
        names = "--task-managers",
        defaultValue = "2",
        description = "Default: ${DEFAULT-VALUE}.")
    int taskManagers;

    @Option(
        names = "--kafka-port",
        defaultValue = "9092",
        description = "Default: ${DEFAULT-VALUE}.")
    int kafkaPort;

    @Option(
        names = "--rest-port",
        defaultValue = "8081",
        description = "Flink's web UI and REST port (default: ${DEFAULT-VALUE}).")
    int restPort;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (taskManagers < 1 || kafkaPort < 1 || restPort < 1) {
        throw new UsageException("--task-managers and the ports must be positive");
      }
      LocalCluster c =
          LocalCluster.start(dir.dir(), taskManagers, kafkaPort, restPort, l -> say(spec, l));
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          Locale.ROOT,
          "local cluster running: Kafka %s, Flink %s, folder %s%n",
          c.bootstrapServers(),
          c.restUrl(),
          c.dir());
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "submit",
      mixinStandardHelpOptions = true,
      description = {
        "Creates the job's topics and submits the job jar with 'flink run'. Arguments after",
        "'--' go to the job (e.g. -- --ocr.batch.size 16)."
      })
  static final class Submit implements Callable<Integer> {
    @Mixin DirOption dir;
    @Mixin ModelOptions model;

    @Option(names = "--savepoint", paramLabel = "PATH", description = "Restore from it.")
    String savepoint;

    @Parameters(paramLabel = "JOB-ARG", description = "More job arguments.")
    List<String> more = new ArrayList<>();

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      LocalCluster c = LocalCluster.open(dir.dir());
      Path jar = LocalCluster.jobJar(ModelOptions.home());
      c.createTopicsPerSlot(
          List.of(
              OcrJobOptions.DEFAULT_TOPIC_IN,
              OcrJobOptions.DEFAULT_TOPIC_OUT,
              OcrJobOptions.DEFAULT_TOPIC_DEAD_LETTER));
      Configuration settings = new Configuration();
      settings.set(OcrJobOptions.BOOTSTRAP_SERVERS, c.bootstrapServers());
      settings.set(OcrJobOptions.MODEL_DIR, model.requireModelDir().toAbsolutePath().toString());
      settings.set(OcrJobOptions.MODEL_DEVICE, model.deviceName());
      // The TaskManagers share this machine's cores: one PyTorch thread each.
      settings.set(OcrJobOptions.TORCH_THREADS, 1);
      String job = c.submit(jar, settings, more, savepoint);
      c.awaitRunning(job, Duration.ofMinutes(3));
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          Locale.ROOT,
          "job %s running: %s -> %s, dead letters to %s (Kafka %s)%n",
          job,
          OcrJobOptions.DEFAULT_TOPIC_IN,
          OcrJobOptions.DEFAULT_TOPIC_OUT,
          OcrJobOptions.DEFAULT_TOPIC_DEAD_LETTER,
          c.bootstrapServers());
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "sql",
      mixinStandardHelpOptions = true,
      description = {
        "Runs Flink's own SQL Client (embedded mode) against the running local cluster, with",
        "the model provider's jar (sql/target/grcnn-sql-*-flink.jar) and the Kafka SQL",
        "connector added with --jar. Without -f or -i it runs README's script: crops from "
            + SqlClientScript.INPUT_TOPIC,
        "through ML_PREDICT with the model grcnn into "
            + SqlClientScript.OUTPUT_TOPIC
            + " (JSON, exactly-once); the",
        "INSERT's job runs on after the client exits. The topics are created first.",
        "$${bootstrap.servers}, $${model.dir} and $${device} in the statements become the",
        "cluster's broker, the model and --device. Exit code: the SQL Client's, or 1 when it",
        "reports a statement it could not execute (it exits 0 then)."
      })
  static final class Sql implements Callable<Integer> {
    @Mixin DirOption dir;
    @Mixin ModelOptions model;

    @Option(names = "-f", paramLabel = "FILE", description = "Run these statements, then exit.")
    Path file;

    @Option(
        names = "-i",
        paramLabel = "FILE",
        description = "Run these statements first; without -f, then open the SQL Client's shell.")
    Path init;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      for (Path f : new Path[] {file, init}) {
        if (f != null && !Files.isRegularFile(f)) {
          throw new UsageException("no such file " + f);
        }
      }
      LocalCluster c = LocalCluster.open(dir.dir());
      c.requireRunning();
      Path home = ModelOptions.home();
      List<Path> clientJars = SqlClientJars.client(home);
      List<Path> jars = SqlClientJars.session(home);
      Path modelDir = model.requireModelDir();
      model.device();
      UnaryOperator<String> fill =
          sql -> SqlClientScript.fill(sql, c.bootstrapServers(), modelDir, model.deviceName());
      c.createTopicsPerSlot(List.of(SqlClientScript.INPUT_TOPIC, SqlClientScript.OUTPUT_TOPIC));
      Path folder = Files.createDirectories(c.dir().resolve("sql-client"));
      Path script =
          file != null || init != null
              ? filled(file, folder.resolve("script.sql"), fill)
              : write(SqlClientScript.defaultScript(), folder.resolve("script.sql"), fill);
      Path initScript = filled(init, folder.resolve("init.sql"), fill);
      say(spec, "Flink SQL Client on " + c.restUrl() + "; its log: " + c.dir().resolve("log"));
      return c.sqlClient(clientJars, jars, initScript, script, spec.commandLine().getOut());
    }

    /** A filled-in copy of {@code source}, or null without one. */
    private static Path filled(Path source, Path copy, UnaryOperator<String> fill)
        throws IOException {
      return source == null
          ? null
          : write(Files.readString(source, StandardCharsets.UTF_8), copy, fill);
    }

    private static Path write(String sql, Path copy, UnaryOperator<String> fill)
        throws IOException {
      return Files.writeString(copy, fill.apply(sql));
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Lists live processes.")
  static final class Status implements Callable<Integer> {
    @Mixin DirOption dir;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      LocalCluster c = LocalCluster.open(dir.dir());
      List<String> running = c.running();
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          Locale.ROOT,
          "%s: %s (Kafka %s, Flink %s)%n",
          c.dir(),
          running.isEmpty() ? "nothing running" : String.join(", ", running),
          c.bootstrapServers(),
          c.restUrl());
      out.flush();
      return running.isEmpty() ? 1 : 0;
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops every process.")
  static final class Stop implements Callable<Integer> {
    @Mixin DirOption dir;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      LocalCluster c = LocalCluster.open(dir.dir());
      List<String> running = c.running();
      c.stop();
      spec.commandLine()
          .getOut()
          .println(
              "stopped: "
                  + (running.isEmpty() ? "nothing was running" : String.join(", ", running)));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(
      name = "fault-test",
      mixinStandardHelpOptions = true,
      description = {
        "On a fresh local cluster (2 TaskManagers), streams --count crops (1 in 50 corrupt),",
        "kill -9s a TaskManager a third of the way and starts another, stops Kafka for 10 s half",
        "way, stops the job with a savepoint two thirds of the way and resubmits it from there,",
        "stops it with a savepoint at the end; then counts each crop id in the committed output",
        "and lists the broker's open transactions. Last line: in, out, dead, lost, duplicated.",
        "Exit 0 when nothing is lost or duplicated, the dead letters are exactly the corrupt",
        "crops and no transaction is left open."
      })
  static final class FaultTest implements Callable<Integer> {
    @Option(names = "--count", defaultValue = "20000", description = "Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(
        names = "--rate",
        defaultValue = "200",
        description = "Crops/s offered (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
        names = "--dir",
        paramLabel = "DIR",
        description = "The cluster's folder (default: .local-cluster-fault-test).")
    Path dir;

    @Mixin ModelOptions model;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (count < 3 || rate <= 0) {
        throw new UsageException("--count must be at least 3 and --rate positive");
      }
      Path folder = dir != null ? dir : ModelOptions.home().resolve(".local-cluster-fault-test");
      FaultDrill.Counts c =
          FaultDrill.run(
              new FaultDrill.Settings(
                  folder,
                  LocalCluster.jobJar(ModelOptions.home()),
                  model.requireModelDir(),
                  count,
                  rate),
              l -> say(spec, l));
      return DrillVerdict.print(
          spec.commandLine().getOut(),
          "fault test",
          c,
          "restored from a savepoint, transactions left open " + c.ongoingTransactions());
    }
  }
}
