package dev.grcnn.ocr.local.cluster;

import dev.grcnn.ocr.model.NativeAllocator;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * The local cluster's Flink: a JobManager ({@code StandaloneSessionClusterEntrypoint}) and
 * TaskManagers ({@code TaskManagerRunner}), each in its own JVM, started the way Flink's own
 * scripts start them: the memory sizes worked out from {@code config.yaml} and passed as JVM
 * options and dynamic properties.
 */
final class FlinkProcesses {

  static final String JOB_MANAGER = "jobmanager";

  /**
   * What Flink's distribution passes every JVM on Java 17 ({@code env.java.default-opts.all}):
   * Flink reflects into these JDK packages (Kryo, the DataStream translators, the RPC system).
   */
  static final List<String> JAVA_17_OPTS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private FlinkProcesses() {}

  /**
   * Writes {@code conf/config.yaml} and {@code conf/log4j.properties}.
   *
   * @param parallelism the jobs' default parallelism: as many slots as the TaskManagers started
   *     have, or a job would wait for slots that never come
   */
  static void writeConf(ClusterLayout l, int slotsPerTaskManager, int parallelism)
      throws IOException {
    Files.createDirectories(l.conf());
    String yaml =
        String.join(
            "\n",
            "# Written by 'ocr cluster start'.",
            "jobmanager.rpc.address: localhost",
            "jobmanager.rpc.port: " + l.jobManagerRpcPort,
            "jobmanager.bind-host: localhost",
            "jobmanager.memory.process.size: 1024m",
            "rest.address: localhost",
            "rest.bind-address: localhost",
            "rest.port: " + l.restPort,
            "taskmanager.host: localhost",
            "taskmanager.bind-host: localhost",
            "taskmanager.numberOfTaskSlots: " + slotsPerTaskManager,
            "taskmanager.memory.process.size: 2560m",
            "parallelism.default: " + parallelism,
            "# DJL lives in lib/ and loads PyTorch once per TaskManager: never from a job's jar.",
            "classloader.parent-first-patterns.additional: ai.djl.",
            "# A killed TaskManager is noticed in seconds, not in the default 50 s.",
            "heartbeat.interval: 2 s",
            "heartbeat.timeout: 10 s",
            "restart-strategy.type: fixed-delay",
            "restart-strategy.fixed-delay.attempts: 1000",
            "restart-strategy.fixed-delay.delay: 2 s",
            "execution.checkpointing.dir: " + l.checkpoints().toUri(),
            "execution.checkpointing.savepoint-dir: " + l.savepoints().toUri(),
            "io.tmp.dirs: " + l.dir.resolve("tmp"),
            "");
    Files.writeString(l.conf().resolve("config.yaml"), yaml);
    Files.writeString(l.conf().resolve("log4j.properties"), Log4jConfig.forFlink());
    Files.createDirectories(l.dir.resolve("tmp"));
  }

  static void startJobManager(ClusterLayout l) throws IOException, InterruptedException {
    Configuration conf = GlobalConfiguration.loadConfiguration(l.conf().toString());
    JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(conf);
    List<String> jvm =
        new ArrayList<>(split(JobManagerProcessUtils.generateJvmParametersStr(spec, conf)));
    jvm.addAll(commonJvmOptions(l, JOB_MANAGER));
    List<String> args = new ArrayList<>(List.of("--configDir", l.conf().toString()));
    args.addAll(split(JobManagerProcessUtils.generateDynamicConfigsStr(spec)));
    ChildJvm.start(
        "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
        ClusterClasspath.flink(),
        jvm,
        args,
        Map.of(),
        l.dir.resolve("log").resolve(JOB_MANAGER + ".out"),
        l.pid(JOB_MANAGER));
    ChildJvm.awaitPort(l.restPort, 120);
  }

  /** Starts TaskManager {@code name} (e.g. {@code taskmanager-1}). */
  static void startTaskManager(ClusterLayout l, String name) throws IOException {
    Configuration conf = GlobalConfiguration.loadConfiguration(l.conf().toString());
    TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(conf);
    List<String> jvm = new ArrayList<>(split(ProcessMemoryUtils.generateJvmParametersStr(spec)));
    jvm.addAll(commonJvmOptions(l, name));
    // DJL never downloads: the PyTorch native library comes from the bundled jar.
    jvm.add("-Doffline=true");
    List<String> args =
        new ArrayList<>(
            List.of("--configDir", l.conf().toString(), "-Dtaskmanager.resource-id=" + name));
    args.addAll(split(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)));
    ChildJvm.start(
        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
        ClusterClasspath.flink(),
        jvm,
        args,
        taskManagerEnvironment(System.getenv()),
        l.dir.resolve("log").resolve(name + ".out"),
        l.pid(name));
  }

  /**
   * What a TaskManager's environment adds to {@code callerEnv}: idle OpenMP threads sleep
   * (TaskManagers share the machine's cores), and glibc keeps PyTorch's per-pass buffers mapped
   * ({@link NativeAllocator#GLIBC}; the caller's own values win, as in the launcher).
   */
  static Map<String, String> taskManagerEnvironment(Map<String, String> callerEnv) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OMP_WAIT_POLICY", callerEnv.getOrDefault("OMP_WAIT_POLICY", "PASSIVE"));
    env.putAll(NativeAllocator.glibcFor(callerEnv));
    return env;
  }

  /** Java 17 options and logging to {@code log/<name>.log}. */
  static List<String> commonJvmOptions(ClusterLayout l, String name) {
    List<String> options = new ArrayList<>(JAVA_17_OPTS);
    options.add("-Dlog.file=" + l.log(name));
    options.add("-Dlog4j.configurationFile=" + l.conf().resolve("log4j.properties").toUri());
    options.add("-Dlog4j2.configurationFile=" + l.conf().resolve("log4j.properties").toUri());
    return options;
  }

  private static List<String> split(String s) {
    return Arrays.stream(s.trim().split("\\s+")).filter(x -> !x.isEmpty()).toList();
  }
}
