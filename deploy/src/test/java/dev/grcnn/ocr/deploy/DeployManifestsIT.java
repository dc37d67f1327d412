package dev.grcnn.ocr.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the deployment files (deploy/docker, docker-compose.yml, k8s/) from drifting away from the
 * code and the build. Nothing here runs a container (the build machine has no Docker engine): the
 * files are read and compared with the job's settings, the job's jar, the assembled image context
 * and the Flink configuration keys of the Flink version built against. It runs after `package`
 * (failsafe), when the context exists.
 */
class DeployManifestsIT {

  static final String DOCKERFILE = "docker/Dockerfile";
  static final String COMPOSE = "docker-compose.yml";
  static final String K8S = "k8s/flinkdeployment.yaml";
  static final String K8S_GPU = "k8s/flinkdeployment-gpu.yaml";
  static final String POD_MONITOR = "k8s/podmonitor.yaml";

  private static Build build;
  private static FlinkOptions flink;
  private static Map<String, String> files;

  @BeforeAll
  static void read() throws Exception {
    build = Build.fromSystemProperties();
    flink = FlinkOptions.load();
    files = new LinkedHashMap<>();
    for (String f : List.of(DOCKERFILE, COMPOSE, K8S, K8S_GPU, POD_MONITOR)) {
      files.put(f, Files.readString(build.deployDir().resolve(f)));
    }
  }

  /** Every problem the checks find in these file contents. */
  private static List<String> problems(Map<String, String> texts) throws Exception {
    ManifestChecks checks =
        new ManifestChecks(build, flink, Dockerfile.parse(texts.get(DOCKERFILE)));
    List<String> p = new ArrayList<>(checks.checkDockerfile());
    p.addAll(checks.checkContext());
    p.addAll(checks.check(Deployment.fromCompose(COMPOSE, texts.get(COMPOSE))));
    List<Deployment> k8s =
        List.of(
            Deployment.fromFlinkDeployment(K8S, texts.get(K8S)),
            Deployment.fromFlinkDeployment(K8S_GPU, texts.get(K8S_GPU)));
    for (Deployment d : k8s) {
      p.addAll(checks.check(d));
    }
    p.addAll(checks.checkPodMonitor(POD_MONITOR, texts.get(POD_MONITOR), k8s));
    return p;
  }

  @Test
  void theDeploymentFilesAgreeWithTheCodeAndTheBuild() throws Exception {
    List<String> p = problems(files);
    assertTrue(p.isEmpty(), () -> "problems:\n  " + String.join("\n  ", p));
  }

  @Test
  void theChecksHaveSomethingToCompareWith() {
    assertTrue(flink.size() > 300, "Flink configuration keys found: " + flink.size());
    assertEquals(
        Set.of("ocr.kafka.bootstrap-servers", "ocr.model.dir"), ManifestChecks.requiredKeys());
    assertTrue(Files.isDirectory(build.context().resolve("lib")), "no context: run mvn package");
  }

  /**
   * Breaks one thing in one file and expects the checks to name it: each check can fail. When a
   * file changes so that a breakage no longer applies, this fails and the breakage needs updating.
   */
  @ParameterizedTest(name = "{0}: {3}")
  @MethodSource("breakages")
  void aBrokenFileIsCaught(String file, String from, String to, String expected) throws Exception {
    String text = files.get(file);
    assertTrue(text.contains(from), file + " no longer contains: " + from);
    Map<String, String> broken = new LinkedHashMap<>(files);
    broken.put(file, text.replace(from, to));
    List<String> p = problems(broken);
    assertTrue(
        p.stream().anyMatch(s -> s.contains(expected)),
        "expected a problem with '" + expected + "', got:\n  " + String.join("\n  ", p));
  }

  /** README's way to restart the compose job from a savepoint stays a valid command. */
  @Test
  void composeMayResumeFromASavepoint() throws Exception {
    String classname = "      - dev.grcnn.ocr.job.OcrStreamingJob\n";
    assertTrue(files.get(COMPOSE).contains(classname));
    Map<String, String> resumed = new LinkedHashMap<>(files);
    resumed.put(
        COMPOSE,
        files
            .get(COMPOSE)
            .replace(
                classname,
                classname
                    + "      - --fromSavepoint\n"
                    + "      - file:///opt/flink/state/savepoints/savepoint-000000-1a2b3c4d5e6f\n"));
    List<String> p = problems(resumed);
    assertTrue(p.isEmpty(), () -> "problems:\n  " + String.join("\n  ", p));
  }

  @Test
  void lastStateUpgradesNeedHighAvailability() throws Exception {
    Map<String, String> broken = new LinkedHashMap<>(files);
    broken.put(
        K8S,
        files
            .get(K8S)
            .replace("upgradeMode: savepoint", "upgradeMode: last-state")
            .replace("    high-availability.type: kubernetes\n", ""));
    assertTrue(problems(broken).stream().anyMatch(s -> s.contains("last-state needs")));
  }

  static Stream<Arguments> breakages() {
    String jar = "grcnn-job-0.1.0-SNAPSHOT-flink.jar";
    String entry = "dev.grcnn.ocr.job.OcrStreamingJob";
    return Stream.of(
        // the job jar and its entry class
        Arguments.of(K8S, jar, "grcnn-job-0.0.9-flink.jar", "job jar"),
        Arguments.of(K8S, entry, "dev.grcnn.ocr.job.OcrJob", "entry class"),
        Arguments.of(COMPOSE, entry, "dev.grcnn.ocr.job.LocalRunner", "entry class"),
        Arguments.of(COMPOSE, "- standalone-job", "- jobmanager", "standalone-job"),
        // the image
        Arguments.of(K8S, "grcnn-ocr:0.1.0-SNAPSHOT", "grcnn-ocr:0.0.9", "image"),
        Arguments.of(K8S_GPU, "0.1.0-SNAPSHOT-cu118", "0.1.0-SNAPSHOT", "image"),
        Arguments.of(
            COMPOSE,
            "${OCR_IMAGE:-grcnn-ocr:0.1.0-SNAPSHOT}",
            "${OCR_IMAGE:-grcnn-ocr:1}",
            "image"),
        Arguments.of(COMPOSE, "context: target/docker", "context: docker", "builds from"),
        Arguments.of(COMPOSE, "      TORCH: cpu\n", "", "build args must give TORCH"),
        Arguments.of(
            COMPOSE,
            "${FLINK_IMAGE:-flink:2.2.0-scala_2.12-java17}",
            "${FLINK_IMAGE:-flink:2.1.0-scala_2.12-java17}",
            "build arg FLINK_IMAGE"),
        Arguments.of(COMPOSE, "${KAFKA_PORT:-9092}:9092", "${KAFKA_PORT}:9092", "no default"),
        Arguments.of(COMPOSE, "until /opt/kafka", "/opt/kafka", "kafka-init must wait"),
        // the job's settings
        Arguments.of(K8S, "--ocr.model.device", "--ocr.model.devices", "unknown job setting"),
        Arguments.of(
            K8S,
            "      - --ocr.kafka.bootstrap-servers\n      - kafka-bootstrap.kafka.svc:9092\n",
            "",
            "required job setting ocr.kafka.bootstrap-servers"),
        Arguments.of(K8S, "- cpu\n", "- tpu\n", "is not auto, cpu, gpu or gpu:N"),
        Arguments.of(
            K8S,
            "- --ocr.torch.threads",
            "- --ocr.batch.size\n      - \"0\"\n      - --ocr.torch.threads",
            "refuses its settings"),
        Arguments.of(
            K8S,
            "- --ocr.checkpoint.interval-ms\n      - \"10000\"",
            "- --ocr.checkpoint.interval-ms\n      - \"0\"",
            "exactly once"),
        Arguments.of(
            K8S_GPU,
            "- --ocr.checkpoint.interval-ms",
            "- --ocr.kafka.transaction-timeout-ms\n      - \"960000\"\n      - --ocr.checkpoint.interval-ms",
            "transaction.max.timeout.ms"),
        Arguments.of(
            K8S,
            "- --ocr.checkpoint.interval-ms",
            "- --ocr.kafka.max-transaction-timeout-ms\n      - \"1800000\"\n"
                + "      - --ocr.checkpoint.interval-ms",
            "ocr.kafka.max-transaction-timeout-ms 1800000 exceeds the broker's"),
        Arguments.of(
            COMPOSE,
            "TRANSACTION_MAX_TIMEOUT_MS: 900000",
            "TRANSACTION_MAX_TIMEOUT_MS: 300000",
            "transaction.max.timeout.ms"),
        Arguments.of(K8S, "      - \"3\"", "      - \"8\"", "ocr.torch.threads"),
        Arguments.of(K8S, "/opt/grcnn/models/default", "/opt/grcnn/model", "ocr.model.dir"),
        Arguments.of(COMPOSE, "ocr.crops ocr.text ocr.dead-letter", "ocr.crops ocr.text", "topic"),
        // what is exposed
        Arguments.of(
            COMPOSE,
            "\"127.0.0.1:${FLINK_UI_PORT:-8081}:8081\"",
            "\"${FLINK_UI_PORT:-8081}:8081\"",
            "every interface"),
        Arguments.of(
            COMPOSE,
            "\"127.0.0.1:${KAFKA_PORT:-9092}:9092\"",
            "\"${KAFKA_PORT:-9092}:9092\"",
            "every interface"),
        Arguments.of(K8S, "runAsNonRoot: true", "runAsNonRoot: false", "runAsNonRoot"),
        Arguments.of(
            K8S_GPU,
            "allowPrivilegeEscalation: false",
            "allowPrivilegeEscalation: true",
            "allowPrivilegeEscalation"),
        Arguments.of(K8S, "drop: [\"ALL\"]", "drop: [\"NET_RAW\"]", "capabilities"),
        Arguments.of(
            K8S_GPU,
            "readOnlyRootFilesystem: true",
            "readOnlyRootFilesystem: false",
            "readOnlyRootFilesystem"),
        Arguments.of(K8S, "mountPath: /tmp", "mountPath: /scratch", "emptyDir at /tmp"),
        Arguments.of(
            K8S_GPU,
            "mountPath: /opt/flink/log",
            "mountPath: /var/log",
            "emptyDir at /opt/flink/log"),
        Arguments.of(
            K8S,
            "        - name: log\n          emptyDir: {}\n",
            "        - name: log\n          persistentVolumeClaim:\n            claimName: logs\n",
            "emptyDir at /opt/flink/log"),
        Arguments.of(K8S_GPU, "mountPath: /opt/djl", "mountPath: /opt/djl-cache", "DJL cache"),
        Arguments.of(K8S, "mountPath: /opt/flink/log", "mountPath: /opt/djl", "hides the PyTorch"),
        Arguments.of(
            K8S,
            "mountPath: /opt/flink/log",
            "mountPath: /opt/flink/conf",
            "hides the configuration"),
        // Flink's configuration
        Arguments.of(
            K8S,
            "    restart-strategy.exponential-delay.attempts-before-reset-backoff: \"8\"\n",
            "",
            "restarts forever"),
        Arguments.of(
            COMPOSE,
            "      restart-strategy.type: exponential-delay\n",
            "",
            "no restart-strategy.type"),
        Arguments.of(K8S, "ai.djl.", "ai.onnx.", "ai.djl."),
        Arguments.of(COMPOSE, "additional: ai.djl.", "additional: org.x.", "ai.djl."),
        Arguments.of(
            K8S, "execution.checkpointing.dir:", "state.checkpoints.dir:", "deprecated Flink key"),
        Arguments.of(K8S, "execution.checkpointing.dir:", "execution.checkpoint.dir:", "unknown"),
        Arguments.of(
            K8S,
            "taskmanager.numberOfTaskSlots",
            "taskmanager.numberOfSlots",
            "unknown Flink key taskmanager.numberOfSlots"),
        Arguments.of(COMPOSE, "parallelism.default: 1", "parallelism: 1", "unknown Flink key"),
        Arguments.of(
            COMPOSE,
            "parent-first-patterns.additional: ai.djl.",
            "parent-first-patterns.additional: ai.djl. org.x.",
            "blanks"),
        Arguments.of(K8S, "mountPath: /opt/flink/state", "mountPath: /data", "volume"),
        Arguments.of(COMPOSE, "flink-state:/opt/flink/state", "flink-state:/data", "volume"),
        Arguments.of(
            K8S,
            "    execution.checkpointing.savepoint-dir: file:///opt/flink/state/savepoints\n",
            "",
            "upgradeMode savepoint needs"),
        Arguments.of(K8S, "flinkVersion: v2_2", "flinkVersion: v2_1", "flinkVersion"),
        // metrics
        Arguments.of(K8S, "PrometheusReporterFactory", "JMXReporterFactory", "prom.factory"),
        Arguments.of(
            K8S, "prometheus.io/port: \"9249\"", "prometheus.io/port: \"9250\"", "annotations"),
        Arguments.of(K8S_GPU, "name: metrics", "name: prom", "port named metrics"),
        Arguments.of(POD_MONITOR, "port: metrics", "port: web", "scrapes port"),
        Arguments.of(POD_MONITOR, "app: grcnn-ocr", "app: ocr", "selects"),
        // GPUs
        Arguments.of(
            K8S_GPU, "nvidia.com/gpu: 1", "nvidia.com/gpu: 2", "external-resource.gpu.amount"),
        Arguments.of(K8S_GPU, "gpu.GPUDriverFactory", "gpu.GpuDriver", "driver-factory"),
        Arguments.of(
            K8S_GPU, "external-resources: gpu", "external-resources: fpga", "does not list gpu"),
        Arguments.of(K8S_GPU, "config-key: nvidia.com/gpu", "config-key: gpu", "config-key"),
        Arguments.of(K8S_GPU, "- gpu\n", "- cpu\n", "ocr.model.device is cpu"),
        Arguments.of(K8S, "- cpu\n", "- gpu\n", "get no nvidia.com/gpu"),
        // the TaskManagers' native allocator
        Arguments.of(
            K8S,
            "              - name: MALLOC_CONF\n                value: dirty_decay_ms:-1,muzzy_decay_ms:-1\n",
            "",
            "allocator not set by the file itself"),
        Arguments.of(
            K8S_GPU,
            "value: dirty_decay_ms:-1,muzzy_decay_ms:-1",
            "value: dirty_decay_ms:10000",
            "TaskManager allocator: jemalloc without MALLOC_CONF dirty_decay_ms:-1"),
        Arguments.of(
            K8S,
            "              - name: MALLOC_CONF\n",
            "              - name: DISABLE_JEMALLOC\n                value: \"true\"\n"
                + "              - name: MALLOC_MMAP_THRESHOLD_\n                value: \"131072\"\n"
                + "              - name: MALLOC_CONF\n",
            "TaskManager allocator: glibc with MALLOC_MMAP_THRESHOLD_=131072"),
        Arguments.of(
            COMPOSE,
            "    MALLOC_CONF: dirty_decay_ms:-1,muzzy_decay_ms:-1\n",
            "",
            "allocator not set by the file itself"),
        Arguments.of(
            DOCKERFILE,
            "ENV MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1 \\\n    ",
            "ENV ",
            "Dockerfile: ENV allocator settings: jemalloc"),
        Arguments.of(
            DOCKERFILE,
            "MALLOC_TRIM_THRESHOLD_=4294967296",
            "MALLOC_TRIM_THRESHOLD_=131072",
            "Dockerfile: ENV allocator settings: glibc with MALLOC_TRIM_THRESHOLD_"),
        // the Dockerfile
        Arguments.of(DOCKERFILE, "flink:2.2.0-", "flink:2.1.0-", "FROM"),
        Arguments.of(DOCKERFILE, "ARG TORCH=cpu", "ARG TORCH=cu118", "TORCH=cpu"),
        Arguments.of(DOCKERFILE, "FROM torch-${TORCH}", "FROM torch-cpu", "ARG TORCH"),
        Arguments.of(DOCKERFILE, "AS torch-cu118", "AS torch-gpu", "no stage torch-cu118"),
        Arguments.of(DOCKERFILE, "lib/libcudart.so.11.8.*", "lib/libcuda.so.*", "libcudart"),
        Arguments.of(
            DOCKERFILE, "JAVA_TOOL_OPTIONS=-Doffline=true", "JAVA_TOOL_OPTIONS=", "offline"),
        Arguments.of(
            DOCKERFILE,
            "ENV DJL_CACHE_DIR=/opt/djl \\\n    ENGINE_CACHE_DIR=/opt/djl \\\n",
            "ENV ",
            "cache dir"),
        Arguments.of(
            DOCKERFILE,
            "COPY --chown=flink:flink models/",
            "COPY --chown=flink:flink model/",
            "COPY model/"),
        Arguments.of(DOCKERFILE, "usrlib/ /opt/flink/usrlib/", "usrlib/ /opt/flink/lib/", "usrlib"),
        Arguments.of(
            DOCKERFILE, "dev.grcnn.ocr.deploy.NativeLibraryWarmUp", "true", "unpack PyTorch"));
  }
}
