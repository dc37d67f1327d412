package dev.grcnn.ocr.local.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code podman} command line as this machine needs it: runc rather than crun, cgroupfs, and no
 * default ulimits (both refused here), set in a {@code containers.conf} of our own that every
 * podman (and podman-compose) process reads through {@code CONTAINERS_CONF}, so the system's
 * configuration stays as it is.
 */
public final class Podman {

  /** The Debian packages the container commands need; {@code .ci/container-packages} lists them. */
  public static final String PACKAGES =
      "podman runc debootstrap podman-compose golang-github-containernetworking-plugin-dnsname";

  private final Path conf;

  private Podman(Path conf) {
    this.conf = conf;
  }

  /** Podman with its configuration written to {@code dir/containers.conf}. */
  static Podman in(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path conf = dir.resolve("containers.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "# Written by ./ocr deploy: what podman needs on this machine.",
            "[containers]",
            "default_ulimits = []",
            "[engine]",
            "runtime = \"runc\"",
            "cgroup_manager = \"cgroupfs\"",
            ""),
        StandardCharsets.UTF_8);
    return new Podman(conf);
  }

  /** Whether {@code program} is an executable on the PATH. */
  public static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /** The environment of every podman and podman-compose process started here. */
  Map<String, String> environment() {
    return Map.of("CONTAINERS_CONF", conf.toString());
  }

  /** Runs {@code podman args...} to its end and returns its output; fails on a non-zero exit. */
  String run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
    return run(timeoutSeconds, List.of(args));
  }

  String run(long timeoutSeconds, List<String> args) throws IOException, InterruptedException {
    Result r = attempt(timeoutSeconds, args, null);
    if (r.exit != 0) {
      throw new IOException(
          "podman " + args.get(0) + " failed (exit " + r.exit + "): " + ChildJvm.tail(r.output));
    }
    return r.output;
  }

  /**
   * Runs {@code command} (podman or another program) with this environment, its output appended to
   * {@code log} (null: collected and returned), and returns its exit code and output.
   */
  Result exec(long timeoutSeconds, List<String> command, Path log, Path workDir)
      throws IOException, InterruptedException {
    return exec(timeoutSeconds, command, log, workDir, Map.of());
  }

  /** As {@link #exec(long, List, Path, Path)}, with more environment variables. */
  Result exec(
      long timeoutSeconds, List<String> command, Path log, Path workDir, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(environment());
    pb.environment().putAll(env);
    if (workDir != null) {
      pb.directory(workDir.toFile());
    }
    Path out = log != null ? log : Files.createTempFile("ocr-podman-", ".out");
    Files.createDirectories(out.toAbsolutePath().getParent());
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
    try {
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor();
        throw new IOException(
            String.join(" ", command.subList(0, Math.min(3, command.size())))
                + " did not finish in "
                + timeoutSeconds
                + " s");
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      if (log == null) {
        Files.deleteIfExists(out);
      }
    }
  }

  /** The exit code and output of a command. */
  record Result(int exit, String output) {}

  private Result attempt(long timeoutSeconds, List<String> args, Path log)
      throws IOException, InterruptedException {
    return exec(timeoutSeconds, command(args), log, null);
  }

  /** {@code podman} with the flags this machine needs, then {@code args}. */
  static List<String> command(List<String> args) {
    List<String> c =
        new ArrayList<>(List.of("podman", "--runtime", "runc", "--cgroup-manager=cgroupfs"));
    c.addAll(args);
    return c;
  }

  /** Whether an image of this name is in podman's storage. */
  boolean imageExists(String image) throws IOException, InterruptedException {
    return attempt(60, List.of("image", "exists", image), null).exit == 0;
  }

  /** Whether a container of this name exists (running or not). */
  boolean containerExists(String name) throws IOException, InterruptedException {
    return attempt(60, List.of("container", "exists", name), null).exit == 0;
  }

  /** Removes containers by name, killing them if they run; names that do not exist are skipped. */
  void removeContainers(List<String> names) throws IOException, InterruptedException {
    for (String name : names) {
      if (containerExists(name)) {
        run(120, "rm", "-f", "-t", "5", name);
      }
    }
  }

  /** Removes a volume if it exists. */
  void removeVolume(String name) throws IOException, InterruptedException {
    if (attempt(60, List.of("volume", "exists", name), null).exit == 0) {
      run(120, "volume", "rm", "-f", name);
    }
  }

  /** Removes a network if it exists. */
  void removeNetwork(String name) throws IOException, InterruptedException {
    if (attempt(60, List.of("network", "exists", name), null).exit == 0) {
      run(120, "network", "rm", "-f", name);
    }
  }

  /** Saves a container's output (podman logs) to a file, when the container exists. */
  void saveLogs(String name, Path file) throws IOException, InterruptedException {
    if (containerExists(name)) {
      Files.deleteIfExists(file);
      attempt(120, List.of("logs", name), file);
    }
  }
}
