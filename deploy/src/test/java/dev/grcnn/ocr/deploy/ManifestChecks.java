package dev.grcnn.ocr.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grcnn.ocr.job.OcrJobConfig;
import dev.grcnn.ocr.job.OcrJobOptions;
import dev.grcnn.ocr.model.NativeAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;

/**
 * The checks that keep the deployment files in step with the code and the build. Each returns what
 * is wrong, one sentence a problem, so a test can show all of them at once and a mutation test can
 * look for the one it provoked.
 */
final class ManifestChecks {

  static final String IMAGE_NAME = "grcnn-ocr";

  /** Tag suffix of the image built with -Pgpu (pytorch-native-cu118). */
  static final String GPU_TAG_SUFFIX = "-cu118";

  static final String USRLIB = "/opt/flink/usrlib/";
  static final String LIB = "/opt/flink/lib/";
  static final String PARENT_FIRST = "classloader.parent-first-patterns.additional";
  static final String PROMETHEUS_FACTORY =
      "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";
  static final String GPU_DRIVER_FACTORY = "org.apache.flink.externalresource.gpu.GPUDriverFactory";
  static final String K8S_GPU = "nvidia.com/gpu";

  private final Build build;
  private final FlinkOptions flink;
  private final Dockerfile dockerfile;

  ManifestChecks(Build build, FlinkOptions flink, Dockerfile dockerfile) {
    this.build = build;
    this.flink = flink;
    this.dockerfile = dockerfile;
  }

  // ---------------------------------------------------------------- the image and its context

  List<String> checkDockerfile() {
    List<String> p = new ArrayList<>();
    String base = dockerfile.baseImage();
    String flinkBase =
        "flink:" + build.flinkVersion().replace(".", "\\.") + "(-scala_2\\.12)?-java17";
    if (!base.matches(flinkBase)) {
      p.add(
          "Dockerfile: FROM "
              + base
              + " is not the official Flink "
              + build.flinkVersion()
              + " Java 17 image the job is built against");
    }
    // One stage per PyTorch build, chosen by the TORCH build argument (cpu unless told).
    String torch = dockerfile.globalArgs().get("TORCH");
    if (!"cpu".equals(torch)
        || !dockerfile.lastStageBase().equals("torch-cpu")
        || !dockerfile.lastFromAsWritten().contains("${TORCH}")) {
      p.add("Dockerfile: the image must be built FROM torch-${TORCH}, with ARG TORCH=cpu");
    }
    String contextFlavor = build.nativeArtifact().replaceFirst("^pytorch-native-", "");
    for (String flavor :
        new TreeSet<>(List.of("cpu", GPU_TAG_SUFFIX.substring(1), contextFlavor))) {
      Optional<Dockerfile.Stage> stage = dockerfile.stage("torch-" + flavor);
      if (stage.isEmpty() || !dockerfile.resolve(stage.get().base()).matches(flinkBase)) {
        p.add(
            "Dockerfile: no stage torch-"
                + flavor
                + " on the Flink image for the "
                + flavor
                + " build");
      }
    }
    boolean cudart =
        dockerfile.stage("torch" + GPU_TAG_SUFFIX).stream()
            .flatMap(s -> s.instructions().stream())
            .anyMatch(i -> i.keyword().equals("COPY") && i.arguments().contains("libcudart.so"));
    if (!cudart) {
      p.add(
          "Dockerfile: stage torch"
              + GPU_TAG_SUFFIX
              + " must add libcudart.so: DJL looks for a GPU through it before it picks CUDA");
    }
    Map<String, String> env = dockerfile.env();
    if (!Arrays.asList(env.getOrDefault("JAVA_TOOL_OPTIONS", "").split("\\s+"))
        .contains("-Doffline=true")) {
      p.add("Dockerfile: JAVA_TOOL_OPTIONS must hold -Doffline=true (DJL must not download)");
    }
    if (env.getOrDefault("ENGINE_CACHE_DIR", env.getOrDefault("DJL_CACHE_DIR", "")).isBlank()) {
      p.add(
          "Dockerfile: no DJL cache dir (ENGINE_CACHE_DIR / DJL_CACHE_DIR) to unpack PyTorch into");
    }
    for (Dockerfile.Copy c : dockerfile.copies()) {
      for (String source : c.fromContext() ? c.sources() : List.<String>of()) {
        if (!Files.exists(build.context().resolve(source))) {
          p.add("Dockerfile: COPY " + source + " is not in the build context " + build.context());
        }
      }
    }
    if (!dockerfile.contextPathOf(USRLIB + build.jobJarName()).orElse("").startsWith("usrlib/")) {
      p.add("Dockerfile: the context's usrlib/ must be copied to " + USRLIB);
    }
    if (!dockerfile.contextPathOf(LIB + "x.jar").orElse("").startsWith("lib/")) {
      p.add("Dockerfile: the context's lib/ (DJL) must be copied to " + LIB);
    }
    // Flink's entrypoint preloads jemalloc unless DISABLE_JEMALLOC=true: the image must keep
    // PyTorch's pages either way.
    for (boolean jemalloc : new boolean[] {true, false}) {
      NativeAllocator.problem(jemalloc, env)
          .ifPresent(x -> p.add("Dockerfile: ENV allocator settings: " + x));
    }
    String warmUp = NativeLibraryWarmUp.class.getName();
    if (dockerfile.arguments("RUN").stream().noneMatch(r -> r.contains(warmUp))) {
      p.add("Dockerfile: no RUN of " + warmUp + " to unpack PyTorch at build time");
    }
    Path warmUpClass = build.context().resolve("warmup/" + warmUp.replace('.', '/') + ".class");
    if (!Files.isRegularFile(warmUpClass)) {
      p.add("context: " + warmUpClass + " is missing");
    }
    return p;
  }

  /** The assembled context: the current job jar, exactly DJL in lib/, the shipped model. */
  List<String> checkContext() throws IOException {
    List<String> p = new ArrayList<>();
    Set<String> usrlib = jarNames(build.context().resolve("usrlib"));
    if (!usrlib.equals(Set.of(build.jobJarName()))) {
      p.add(
          "context: usrlib/ holds "
              + usrlib
              + ", not exactly "
              + build.jobJarName()
              + " (a leftover of another version? mvn clean package)");
    }
    Path copied = build.context().resolve("usrlib").resolve(build.jobJarName());
    if (!Files.isRegularFile(build.jobJar())) {
      p.add("job module: " + build.jobJar() + " does not exist");
    } else if (Files.isRegularFile(copied) && Files.mismatch(copied, build.jobJar()) != -1) {
      p.add("context: usrlib/" + build.jobJarName() + " differs from " + build.jobJar());
    }
    if (Files.isRegularFile(copied)) {
      try (JarFile jar = new JarFile(copied.toFile())) {
        if (jar.stream().anyMatch(e -> e.getName().startsWith("ai/djl/"))) {
          p.add("job jar: holds ai.djl classes; DJL must only be in lib/");
        }
      }
    }

    Set<String> expected =
        new TreeSet<>(
            List.of(
                "api-" + build.djlVersion() + ".jar",
                "pytorch-engine-" + build.djlVersion() + ".jar",
                "pytorch-jni-" + build.pytorchVersion() + "-" + build.djlVersion() + ".jar",
                build.nativeArtifact()
                    + "-"
                    + build.pytorchVersion()
                    + "-"
                    + build.nativeClassifier()
                    + ".jar"));
    Set<String> lib = jarNames(build.context().resolve("lib"));
    Set<String> rest = new TreeSet<>(lib);
    rest.removeAll(expected);
    long gson = rest.stream().filter(n -> n.matches("gson-[0-9.]+\\.jar")).count();
    long jna = rest.stream().filter(n -> n.matches("jna-[0-9.]+\\.jar")).count();
    rest.removeIf(n -> n.matches("(gson|jna)-[0-9.]+\\.jar"));
    if (!lib.containsAll(expected) || gson != 1 || jna != 1 || !rest.isEmpty()) {
      p.add(
          "context: lib/ holds "
              + lib
              + "; expected exactly "
              + expected
              + " with one gson and one jna (nothing Flink's lib/ already has)");
    }

    try (Stream<Path> files = Files.list(build.shippedModel())) {
      for (Path f : files.toList()) {
        Path c = build.context().resolve("models/default").resolve(f.getFileName().toString());
        if (!Files.isRegularFile(c) || Files.mismatch(f, c) != -1) {
          p.add("context: models/default/" + f.getFileName() + " is not the shipped model's");
        }
      }
    }
    return p;
  }

  // ---------------------------------------------------------------- one deployment

  List<String> check(Deployment d) {
    List<String> p = new ArrayList<>(d.problems());
    checkJarAndEntryClass(d, p);
    checkImage(d, p);
    checkJobSettings(d, p);
    checkFlinkConfiguration(d, p);
    checkGpu(d, p);
    checkAllocator(d, p);
    if (d.fields().get("kind").equals("compose")) {
      checkCompose(d, p);
    } else {
      checkFlinkDeployment(d, p);
    }
    checkExposure(d, p);
    return p;
  }

  /**
   * What the deployment exposes: compose publishes ports on localhost only (Flink's REST port takes
   * jar uploads, that is code execution, and Kafka has no authentication here); pods run as a user,
   * without privilege escalation or capabilities.
   */
  private void checkExposure(Deployment d, List<String> p) {
    if (d.fields().get("kind").equals("compose")) {
      for (String port : d.fields().getOrDefault("publishedPorts", "").split(",")) {
        if (!port.isEmpty() && !port.split("=", 2)[1].startsWith("127.0.0.1:")) {
          p.add(d.name() + ": port " + port + " is published on every interface, not 127.0.0.1");
        }
      }
      return;
    }
    if (!"true".equals(d.fields().get("runAsNonRoot"))) {
      p.add(d.name() + ": the pod template's securityContext must set runAsNonRoot: true");
    }
    if (!"false".equals(d.fields().get("allowPrivilegeEscalation"))) {
      p.add(d.name() + ": the Flink container must set allowPrivilegeEscalation: false");
    }
    if (!"[ALL]".equals(d.fields().get("capabilitiesDrop"))) {
      p.add(d.name() + ": the Flink container must drop ALL capabilities");
    }
    checkReadOnlyRoot(d, p);
  }

  /**
   * Where Flink and the job write in a pod, each with why: a read-only root filesystem needs an
   * {@code emptyDir} on each. Not the configuration directory: the operator mounts its ConfigMap
   * there, and the entrypoint's rewrite of it fails on that mount with or without a read-only root,
   * as it always has under the operator.
   */
  static final Map<String, String> WRITTEN_PATHS =
      Map.of(
          "/tmp",
          "java.io.tmpdir: blobs, web uploads, io.tmp.dirs, native libraries unpacked by Netty,"
              + " Snappy and zstd, the copy of a remote ocr.model.dir",
          "/opt/flink/log",
          "FLINK_LOG_DIR: the log files of log4j-console.properties");

  static final String FLINK_CONF_DIR = "/opt/flink/conf";

  /**
   * Pods run with a read-only root filesystem and writable {@code emptyDir}s where Flink writes;
   * the DJL cache directory is one on GPU TaskManagers (which unpack CUDA there at their first
   * model load) and none on CPU ones (a volume there would hide the library the image unpacked).
   */
  private void checkReadOnlyRoot(Deployment d, List<String> p) {
    if (!"true".equals(d.fields().get("readOnlyRootFilesystem"))) {
      p.add(d.name() + ": the Flink container must set readOnlyRootFilesystem: true");
    }
    Map<String, String> env = dockerfile.env();
    String djlCache = env.getOrDefault("ENGINE_CACHE_DIR", env.getOrDefault("DJL_CACHE_DIR", ""));
    for (String role : List.of("jobManager", "taskManager")) {
      Set<String> emptyDirs = Set.of(d.fields().getOrDefault(role + "EmptyDirs", "").split(","));
      WRITTEN_PATHS.forEach(
          (path, why) -> {
            if (!emptyDirs.contains(path)) {
              p.add(
                  d.name() + ": the " + role + " needs an emptyDir at " + path + " (" + why + ")");
            }
          });
      if (emptyDirs.contains(FLINK_CONF_DIR)) {
        p.add(
            d.name()
                + ": a volume at "
                + FLINK_CONF_DIR
                + " hides the configuration the operator mounts there");
      }
    }
    Set<String> taskManager =
        Set.of(d.fields().getOrDefault("taskManagerEmptyDirs", "").split(","));
    if (d.taskManagerGpus() > 0 && !taskManager.contains(djlCache)) {
      p.add(
          d.name()
              + ": GPU TaskManagers need an emptyDir at the DJL cache "
              + djlCache
              + " to unpack CUDA's PyTorch into");
    }
    if (d.taskManagerGpus() == 0 && taskManager.contains(djlCache)) {
      p.add(
          d.name()
              + ": a volume at the DJL cache "
              + djlCache
              + " hides the PyTorch library the image unpacked there");
    }
  }

  private void checkJarAndEntryClass(Deployment d, List<String> p) {
    if (d.jobJar() != null) {
      String expected = USRLIB + build.jobJarName();
      if (!d.jobJar().equals(expected)) {
        p.add(d.name() + ": job jar " + d.jobJar() + ", but the build makes " + expected);
      }
      Optional<String> inContext = dockerfile.contextPathOf(d.jobJar());
      if (inContext.isEmpty() || !Files.isRegularFile(build.context().resolve(inContext.get()))) {
        p.add(d.name() + ": job jar " + d.jobJar() + " is not in the image");
      }
    }
    if (d.entryClass() == null || d.entryClass().isBlank()) {
      p.add(d.name() + ": no entry class");
      return;
    }
    try {
      Method main = Class.forName(d.entryClass()).getMethod("main", String[].class);
      if (!Modifier.isStatic(main.getModifiers())) {
        p.add(d.name() + ": entry class " + d.entryClass() + " has no static main");
      }
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      p.add(d.name() + ": entry class " + d.entryClass() + " does not exist or has no main");
      return;
    }
    Path jar = build.context().resolve("usrlib").resolve(build.jobJarName());
    if (Files.isRegularFile(jar) && !jarHolds(jar, d.entryClass().replace('.', '/') + ".class")) {
      p.add(d.name() + ": entry class " + d.entryClass() + " is not in the job jar");
    }
  }

  private void checkImage(Deployment d, List<String> p) {
    String image = d.image();
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    String name = image.substring(slash + 1, colon > slash ? colon : image.length());
    String tag = colon > slash ? image.substring(colon + 1) : "latest";
    String expectedTag = build.version() + (device(d).startsWith("gpu") ? GPU_TAG_SUFFIX : "");
    if (!name.equals(IMAGE_NAME) || !tag.equals(expectedTag)) {
      p.add(
          d.name()
              + ": image "
              + image
              + ", expected "
              + IMAGE_NAME
              + ":"
              + expectedTag
              + " (the build's)");
    }
  }

  private void checkJobSettings(Deployment d, List<String> p) {
    Map<String, String> s = d.jobSettings();
    for (String key : new TreeSet<>(s.keySet())) {
      if (!OcrJobConfig.KEYS.containsKey(key)) {
        p.add(d.name() + ": unknown job setting " + key + " (OcrJobConfig.KEYS)");
      }
    }
    for (String key : requiredKeys()) {
      if (s.get(key) == null || s.get(key).isBlank()) {
        p.add(d.name() + ": required job setting " + key + " is not set");
      }
    }
    try {
      OcrJobConfig.from(s);
    } catch (IllegalArgumentException e) {
      p.add(d.name() + ": the job refuses its settings: " + e.getMessage());
    }
    if (!device(d).matches("(?i)auto|cpu|gpu(:[0-9]+)?")) {
      // The job itself finds out only when a TaskManager loads the model.
      p.add(
          d.name()
              + ": "
              + OcrJobOptions.MODEL_DEVICE.key()
              + " "
              + device(d)
              + " is not auto, cpu, gpu or gpu:N");
    }
    long interval = effectiveLong(s, OcrJobOptions.CHECKPOINT_INTERVAL_MS);
    if (interval <= 0) {
      p.add(
          d.name()
              + ": "
              + OcrJobOptions.CHECKPOINT_INTERVAL_MS.key()
              + " turns checkpoints off, and with them exactly once");
    }
    long timeout = effectiveLong(s, OcrJobOptions.TRANSACTION_TIMEOUT_MS);
    // The broker's own setting where the file runs one, else Kafka's default.
    long brokerMax =
        Long.parseLong(
            d.fields()
                .getOrDefault(
                    "brokerMaxTransactionTimeoutMs",
                    Long.toString(OcrJobOptions.BROKER_MAX_TRANSACTION_TIMEOUT_MS)));
    long jobCap = effectiveLong(s, OcrJobOptions.MAX_TRANSACTION_TIMEOUT_MS);
    if (jobCap > brokerMax) {
      p.add(
          d.name()
              + ": "
              + OcrJobOptions.MAX_TRANSACTION_TIMEOUT_MS.key()
              + " "
              + jobCap
              + " exceeds the broker's transaction.max.timeout.ms "
              + brokerMax);
    }
    if (timeout > brokerMax) {
      p.add(
          d.name()
              + ": "
              + OcrJobOptions.TRANSACTION_TIMEOUT_MS.key()
              + " "
              + timeout
              + " exceeds the broker's transaction.max.timeout.ms "
              + brokerMax);
    }
    long threads = effectiveLong(s, OcrJobOptions.TORCH_THREADS);
    if (d.taskManagerCpus() > 0 && threads > d.taskManagerCpus()) {
      p.add(
          d.name()
              + ": "
              + OcrJobOptions.TORCH_THREADS.key()
              + " "
              + threads
              + " exceeds the TaskManager's "
              + d.taskManagerCpus()
              + " CPUs");
    }
    String modelDir = s.get(OcrJobOptions.MODEL_DIR.key());
    if (modelDir != null && !modelDir.contains("://")) {
      Optional<String> inContext = dockerfile.contextPathOf(modelDir.replaceAll("/?$", "/"));
      if (inContext.isEmpty()
          || !Files.isRegularFile(build.context().resolve(inContext.get()).resolve("model.json"))) {
        p.add(
            d.name()
                + ": "
                + OcrJobOptions.MODEL_DIR.key()
                + " "
                + modelDir
                + " is not a model the image holds");
      }
    }
  }

  private void checkFlinkConfiguration(Deployment d, List<String> p) {
    Map<String, String> o = d.flinkOptions();
    for (String key : o.keySet()) {
      String problem = flink.problemWith(key);
      if (problem != null) {
        p.add(d.name() + ": " + problem);
      }
    }
    List<String> parentFirst = list(o.get(PARENT_FIRST));
    if (parentFirst.stream().noneMatch(x -> !x.isEmpty() && "ai.djl.".startsWith(x))) {
      p.add(
          d.name() + ": " + PARENT_FIRST + " must include ai.djl. (DJL is loaded once, from lib/)");
    }
    checkRestartStrategy(d, o, p);
    String checkpoints = o.get("execution.checkpointing.dir");
    if (checkpoints == null || checkpoints.isBlank()) {
      p.add(d.name() + ": no execution.checkpointing.dir: checkpoints commit the output");
    }
    for (String key :
        List.of(
            "execution.checkpointing.dir",
            "execution.checkpointing.savepoint-dir",
            "high-availability.storageDir")) {
      checkOnSharedVolume(d, key, o.get(key), p);
    }
    String factory = o.get("metrics.reporter.prom.factory.class");
    if (!PROMETHEUS_FACTORY.equals(factory)) {
      p.add(d.name() + ": metrics.reporter.prom.factory.class must be " + PROMETHEUS_FACTORY);
    }
  }

  /** A file:// path must be on a volume that the JobManager and the TaskManagers both mount. */
  private static void checkOnSharedVolume(Deployment d, String key, String uri, List<String> p) {
    if (uri == null || !uri.startsWith("file://")) {
      return;
    }
    String path = uri.substring("file://".length());
    boolean jm = d.jobManagerMounts().stream().anyMatch(m -> under(path, m));
    boolean tm = d.taskManagerMounts().stream().anyMatch(m -> under(path, m));
    if (!jm || !tm) {
      p.add(
          d.name()
              + ": "
              + key
              + " "
              + uri
              + " is not on a volume both JobManager and TaskManagers mount");
    }
  }

  /**
   * The TaskManagers run PyTorch: their allocator must keep its freed pages (README "Native memory
   * allocator"). The image's ENV has the settings; the file must set them for its TaskManagers too,
   * so that they hold with another image built on Flink's.
   */
  private void checkAllocator(Deployment d, List<String> p) {
    Map<String, String> effective = new LinkedHashMap<>(dockerfile.env());
    effective.putAll(d.taskManagerEnv());
    boolean jemalloc = !"true".equals(effective.getOrDefault("DISABLE_JEMALLOC", "").strip());
    Optional<String> problem = NativeAllocator.problem(jemalloc, effective);
    if (problem.isPresent()) {
      p.add(d.name() + ": TaskManager allocator: " + problem.get());
      return;
    }
    NativeAllocator.problem(jemalloc, d.taskManagerEnv())
        .ifPresent(
            x ->
                p.add(
                    d.name()
                        + ": TaskManager allocator not set by the file itself (only by the"
                        + " image): "
                        + x));
  }

  /**
   * A restart strategy that gives up: Flink's default with checkpoints (exponential delay without a
   * limit on attempts) would reload the model forever after a deterministic failure.
   */
  private static void checkRestartStrategy(Deployment d, Map<String, String> o, List<String> p) {
    String type = o.get("restart-strategy.type");
    String attempts = o.get("restart-strategy.exponential-delay.attempts-before-reset-backoff");
    if (type == null) {
      p.add(d.name() + ": no restart-strategy.type: a failure that repeats would restart forever");
    } else if (type.equals("exponential-delay") && attempts == null) {
      p.add(
          d.name()
              + ": restart-strategy exponential-delay without"
              + " restart-strategy.exponential-delay.attempts-before-reset-backoff restarts"
              + " forever");
    } else if (!List.of("exponential-delay", "failure-rate", "fixed-delay").contains(type)) {
      p.add(
          d.name()
              + ": restart-strategy.type "
              + type
              + ": the job needs a bounded exponential-delay, failure-rate or fixed-delay");
    }
  }

  private void checkGpu(Deployment d, List<String> p) {
    String device = device(d);
    Map<String, String> o = d.flinkOptions();
    if (device.startsWith("gpu") && d.taskManagerGpus() < 1) {
      p.add(d.name() + ": ocr.model.device " + device + " but the TaskManagers get no " + K8S_GPU);
    }
    if (device.equals("cpu") && d.taskManagerGpus() > 0) {
      p.add(d.name() + ": the TaskManagers take " + K8S_GPU + " but ocr.model.device is cpu");
    }
    if (d.taskManagerGpus() < 1 && !list(o.get("external-resources")).contains("gpu")) {
      return;
    }
    if (!list(o.get("external-resources")).contains("gpu")) {
      p.add(d.name() + ": GPUs requested but external-resources does not list gpu");
    }
    if (!GPU_DRIVER_FACTORY.equals(o.get("external-resource.gpu.driver-factory.class"))) {
      p.add(
          d.name() + ": external-resource.gpu.driver-factory.class must be " + GPU_DRIVER_FACTORY);
    }
    if (!K8S_GPU.equals(o.get("external-resource.gpu.kubernetes.config-key"))) {
      p.add(d.name() + ": external-resource.gpu.kubernetes.config-key must be " + K8S_GPU);
    }
    if (!Integer.toString(d.taskManagerGpus()).equals(o.get("external-resource.gpu.amount"))) {
      p.add(
          d.name()
              + ": external-resource.gpu.amount "
              + o.get("external-resource.gpu.amount")
              + " differs from the TaskManager pod's "
              + K8S_GPU
              + " limit "
              + d.taskManagerGpus());
    }
  }

  private void checkCompose(Deployment d, List<String> p) {
    Path context =
        build.deployDir().resolve(d.fields().getOrDefault("buildContext", "")).normalize();
    if (!context.equals(build.context().normalize())) {
      p.add(
          d.name() + ": builds from " + context + ", not the assembled context " + build.context());
    }
    // podman's builder (buildah 1.28) resolves the last FROM, torch-${TORCH}, to its stage only for
    // an argument passed in; and a mirror of the official image must be the same Flink.
    String torch = build.nativeArtifact().replaceFirst("^pytorch-native-", "");
    if (!torch.equals(d.fields().get("buildArg.TORCH"))) {
      p.add(
          d.name()
              + ": build args must give TORCH: "
              + torch
              + " (the context's PyTorch), not "
              + d.fields().get("buildArg.TORCH"));
    }
    if (!dockerfile.baseImage().equals(d.fields().get("buildArg.FLINK_IMAGE"))) {
      p.add(
          d.name()
              + ": build arg FLINK_IMAGE defaults to "
              + d.fields().get("buildArg.FLINK_IMAGE")
              + ", not the Dockerfile's "
              + dockerfile.baseImage());
    }
    // podman-compose starts services in order but ignores depends_on conditions.
    if (!Boolean.parseBoolean(d.fields().get("initWaitsForBroker"))) {
      p.add(
          d.name()
              + ": kafka-init must wait until the broker answers (until kafka-topics.sh ... --list)"
              + " before creating topics: podman-compose ignores service_healthy");
    }
    Map<String, String> s = d.jobSettings();
    for (ConfigOption<String> option :
        List.of(OcrJobOptions.TOPIC_IN, OcrJobOptions.TOPIC_OUT, OcrJobOptions.TOPIC_DEAD_LETTER)) {
      String key = option.key();
      String topic = s.getOrDefault(key, option.defaultValue());
      if (!d.topics().contains(topic)) {
        p.add(
            d.name()
                + ": topic "
                + topic
                + " ("
                + key
                + ") is not created; created: "
                + d.topics());
      }
    }
  }

  private void checkFlinkDeployment(Deployment d, List<String> p) {
    String[] v = build.flinkVersion().split("\\.");
    String flinkVersion = "v" + v[0] + "_" + v[1];
    if (!flinkVersion.equals(d.fields().get("flinkVersion"))) {
      p.add(
          d.name()
              + ": flinkVersion "
              + d.fields().get("flinkVersion")
              + ", the build uses "
              + flinkVersion);
    }
    Map<String, String> o = d.flinkOptions();
    String mode = d.fields().get("upgradeMode");
    if (mode.equals("savepoint") && o.get("execution.checkpointing.savepoint-dir") == null) {
      p.add(d.name() + ": upgradeMode savepoint needs execution.checkpointing.savepoint-dir");
    }
    if (mode.equals("last-state") && o.get("high-availability.type") == null) {
      p.add(d.name() + ": upgradeMode last-state needs high-availability.type");
    }
    String port = o.getOrDefault("metrics.reporter.prom.port", "9249");
    if (!"true".equals(d.podAnnotations().get("prometheus.io/scrape"))
        || !port.equals(d.podAnnotations().get("prometheus.io/port"))) {
      p.add(
          d.name()
              + ": pod annotations must say prometheus.io/scrape true, prometheus.io/port "
              + port);
    }
    Integer named = d.containerPorts().get("metrics");
    if (named == null || !port.equals(named.toString())) {
      p.add(d.name() + ": the container port named metrics must be the reporter's port " + port);
    }
  }

  // ---------------------------------------------------------------- the PodMonitor

  List<String> checkPodMonitor(String name, String text, List<Deployment> flinkDeployments) {
    List<String> p = new ArrayList<>();
    JsonNode doc = Deployment.readYaml(text).get(0);
    JsonNode labels = doc.path("spec").path("selector").path("matchLabels");
    for (Deployment d : flinkDeployments) {
      if (!labels.path("app").asText().equals(d.fields().get("metadata.name"))) {
        p.add(
            name
                + ": selects app="
                + labels.path("app").asText()
                + ", not "
                + d.name()
                + "'s pods");
      }
      for (JsonNode e : doc.path("spec").path("podMetricsEndpoints")) {
        if (!d.containerPorts().containsKey(e.path("port").asText())) {
          p.add(
              name
                  + ": scrapes port "
                  + e.path("port").asText()
                  + ", which "
                  + d.name()
                  + " does not name");
        }
      }
    }
    if (!labels.path("type").asText().equals("flink-native-kubernetes")) {
      p.add(name + ": must select type=flink-native-kubernetes (Flink's pods)");
    }
    return p;
  }

  // ---------------------------------------------------------------- helpers

  /**
   * The job settings that must be set: no default, and the job refuses to start without them
   * (ocr.lexicon.file has no default either, but is optional).
   */
  static Set<String> requiredKeys() {
    Map<String, String> all = new HashMap<>();
    OcrJobConfig.KEYS.forEach((k, v) -> all.put(k, v != null ? v : "x"));
    Set<String> required = new TreeSet<>();
    OcrJobConfig.KEYS.forEach(
        (k, v) -> {
          if (v == null) {
            Map<String, String> without = new HashMap<>(all);
            without.remove(k);
            try {
              OcrJobConfig.from(without);
            } catch (IllegalArgumentException e) {
              required.add(k);
            }
          }
        });
    return required;
  }

  private static String device(Deployment d) {
    return d.jobSettings()
        .getOrDefault(OcrJobOptions.MODEL_DEVICE.key(), OcrJobOptions.MODEL_DEVICE.defaultValue())
        .strip();
  }

  private static long effectiveLong(Map<String, String> settings, ConfigOption<?> option) {
    try {
      return Long.parseLong(
          settings.getOrDefault(option.key(), OcrJobOptions.defaultText(option)).strip());
    } catch (NumberFormatException e) {
      return 0; // OcrJobConfig.from has named it already
    }
  }

  /** A Flink list value: ';'-separated. */
  private static List<String> list(String value) {
    return value == null ? List.of() : Arrays.stream(value.split(";")).map(String::strip).toList();
  }

  private static boolean under(String path, String mount) {
    String m = mount.endsWith("/") ? mount : mount + "/";
    return path.equals(mount) || path.startsWith(m);
  }

  private static Set<String> jarNames(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Collections.emptySet();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return new TreeSet<>(files.map(f -> f.getFileName().toString()).toList());
    }
  }

  private static boolean jarHolds(Path jar, String entry) {
    try (JarFile jf = new JarFile(jar.toFile())) {
      JarEntry e = jf.getJarEntry(entry);
      return e != null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
