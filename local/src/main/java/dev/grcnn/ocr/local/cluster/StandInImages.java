package dev.grcnn.ocr.local.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * The images of {@code ./ocr deploy}, built with podman where no registry is reachable: a Debian
 * base made with debootstrap, stand-ins for the official Flink and Kafka images on it, and the
 * production image of {@code deploy/docker/Dockerfile} built on the Flink stand-in. Each is built
 * once: the base when it is missing, the others through podman's layer cache, so that a second run
 * rebuilds only what changed.
 */
final class StandInImages {

  /** Debian packages of the base: a JRE 17, jemalloc as Flink's image has it, envsubst. */
  static final List<String> BASE_PACKAGES =
      List.of("openjdk-17-jre-headless", "libjemalloc-dev", "gettext-base");

  static final String BASE = "localhost/grcnn-standin-base:bookworm";

  private final Path home;
  private final Path work;
  private final Podman podman;
  private final String debianMirror;
  private final Consumer<String> progress;

  /**
   * @param home the repository (deploy/ and its build outputs)
   * @param work where contexts and logs go ({@code .deploy-smoke/})
   */
  StandInImages(
      Path home, Path work, Podman podman, String debianMirror, Consumer<String> progress) {
    this.home = home;
    this.work = work;
    this.podman = podman;
    this.debianMirror = debianMirror;
    this.progress = progress;
  }

  /** The stand-in for {@code flink:<version>-scala_2.12-java17}. */
  static String flink() {
    return "localhost/grcnn-flink-standin:" + EnvironmentInformation.getVersion() + "-java17";
  }

  /** The stand-in for {@code apache/kafka:<version>}. */
  static String kafka() {
    return "localhost/grcnn-kafka-standin:" + AppInfoParser.getVersion();
  }

  /** The production image built on the Flink stand-in: {@code grcnn-ocr:<version>-standin}. */
  String ocr() throws IOException {
    return "localhost/grcnn-ocr:" + jobVersion() + "-standin";
  }

  /** The image build context {@code mvn package} assembles: {@code deploy/target/docker}. */
  Path productionContext() {
    return home.resolve("deploy/target/docker");
  }

  /** What {@code mvn -Pstandin package} adds for the stand-ins: {@code deploy/target/standin}. */
  Path standInJars() {
    return home.resolve("deploy/target/standin");
  }

  /** Why the images cannot be built yet (a build output missing), or null when they can. */
  String missingInput() {
    if (!Files.isRegularFile(productionContext().resolve("Dockerfile"))
        || !Files.isDirectory(standInJars().resolve("kafka/libs"))
        || !Files.isDirectory(standInJars().resolve("flink/plugins"))) {
      return "no image build contexts in deploy/target: build them with"
          + " 'mvn -B -Pstandin -DskipTests package'";
    }
    return null;
  }

  /** Builds what is missing or changed: base, Flink and Kafka stand-ins, the production image. */
  void build() throws IOException, InterruptedException {
    buildBase();
    Path flinkContext = flinkContext();
    build(flink(), flinkContext, List.of("--build-arg", "BASE_IMAGE=" + BASE), "flink-standin");
    build(kafka(), kafkaContext(), List.of("--build-arg", "BASE_IMAGE=" + BASE), "kafka-standin");
    // TORCH given explicitly: podman's builder (buildah 1.28) resolves `FROM torch-${TORCH}` to
    // the stage only for a build argument passed on the command line, not for its default.
    build(
        ocr(),
        productionContext(),
        List.of("--build-arg", "FLINK_IMAGE=" + flink(), "--build-arg", "TORCH=" + torch()),
        "grcnn-ocr");
  }

  private void buildBase() throws IOException, InterruptedException {
    if (podman.imageExists(BASE)) {
      return;
    }
    Path rootfs = work.resolve("rootfs");
    Path log = work.resolve("log/base-image.log");
    dev.grcnn.ocr.model.Folders.delete(rootfs);
    progress.accept(
        "base image "
            + BASE
            + ": debootstrap bookworm with "
            + String.join(", ", BASE_PACKAGES)
            + " (a few minutes, once; log "
            + log
            + ")");
    Podman.Result r =
        podman.exec(
            3600,
            List.of(
                "debootstrap",
                "--variant=minbase",
                "--include=" + String.join(",", BASE_PACKAGES),
                "bookworm",
                rootfs.toString(),
                debianMirror),
            log,
            null);
    if (r.exit() != 0) {
      throw new IOException("debootstrap failed (exit " + r.exit() + "); see " + log);
    }
    // apt's package lists and archives are not needed in an image.
    dev.grcnn.ocr.model.Folders.delete(rootfs.resolve("var/cache/apt/archives"));
    dev.grcnn.ocr.model.Folders.delete(rootfs.resolve("var/lib/apt/lists"));
    String importCommand =
        "tar -C '"
            + rootfs
            + "' -c . | "
            + String.join(" ", Podman.command(List.of("import", "-", BASE)));
    r = podman.exec(1800, List.of("bash", "-c", "set -o pipefail; " + importCommand), log, null);
    if (r.exit() != 0) {
      throw new IOException("podman import failed (exit " + r.exit() + "); see " + log);
    }
    dev.grcnn.ocr.model.Folders.delete(rootfs);
  }

  private void build(String image, Path context, List<String> buildArgs, String logName)
      throws IOException, InterruptedException {
    Path log = work.resolve("log/build-" + logName + ".log");
    Files.deleteIfExists(log);
    progress.accept("image " + image + " (log " + log + ")");
    List<String> args = new ArrayList<>(List.of("build", "--layers", "--network", "host"));
    args.addAll(buildArgs);
    args.addAll(List.of("-t", image, context.toString()));
    Podman.Result r = podman.exec(3600, Podman.command(args), log, null);
    if (r.exit() != 0) {
      throw new IOException(
          "building " + image + " failed (exit " + r.exit() + "): " + ChildJvm.tail(r.output()));
    }
  }

  /**
   * The Flink stand-in's context: the jars {@code ./ocr cluster} puts on its Flink processes' class
   * path, less those the production Dockerfile adds to lib/ itself (DJL, PyTorch, gson, jna), plus
   * the -Pstandin jars (application mode's entry point, plugins) and deploy/standin/flink.
   */
  private Path flinkContext() throws IOException {
    Path context = work.resolve("context/flink");
    dev.grcnn.ocr.model.Folders.delete(context);
    Files.createDirectories(context.resolve("lib"));
    Set<String> addedByDockerfile = names(productionContext().resolve("lib"));
    for (String jar : ClusterClasspath.flink()) {
      Path p = Path.of(jar);
      if (!addedByDockerfile.contains(p.getFileName().toString())) {
        link(p, context.resolve("lib").resolve(p.getFileName()));
      }
    }
    copyTree(standInJars().resolve("flink"), context);
    copyTree(home.resolve("deploy/standin/flink"), context);
    return context;
  }

  /**
   * The Kafka stand-in's context: the -Pstandin jars (broker and tools) and deploy/standin/kafka.
   */
  private Path kafkaContext() throws IOException {
    Path context = work.resolve("context/kafka");
    dev.grcnn.ocr.model.Folders.delete(context);
    Files.createDirectories(context);
    copyTree(standInJars().resolve("kafka"), context);
    copyTree(home.resolve("deploy/standin/kafka"), context);
    return context;
  }

  /** {@code cpu} or {@code cu118}: the PyTorch build in the production context's lib/. */
  private String torch() throws IOException {
    for (String name : names(productionContext().resolve("lib"))) {
      if (name.startsWith("pytorch-native-cu118")) {
        return "cu118";
      }
    }
    return "cpu";
  }

  /** The project version, from the job jar's name in the production context. */
  private String jobVersion() throws IOException {
    for (String name : names(productionContext().resolve("usrlib"))) {
      if (name.startsWith("grcnn-job-") && name.endsWith("-flink.jar")) {
        return name.substring("grcnn-job-".length(), name.length() - "-flink.jar".length());
      }
    }
    throw new IOException("no job jar in " + productionContext().resolve("usrlib"));
  }

  private static Set<String> names(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  /** A hard link where the file system allows one (the jars are large), else a copy. */
  private static void link(Path from, Path to) throws IOException {
    try {
      Files.createLink(to, from);
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Copies a folder's contents into another, keeping executable bits. */
  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(
              f, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
