package dev.grcnn.ocr.local.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Java process of the local cluster or of a benchmark: started with the same {@code java} as this
 * one, in its own session (so that Ctrl-C in the terminal that started it does not reach it, as for
 * a daemon), its output in a log file and its pid in a file, so that a later {@code ocr cluster
 * stop} finds it.
 */
public final class ChildJvm {

  private ChildJvm() {}

  /** The {@code java} executable running this JVM. */
  public static String java() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * Starts {@code mainClass} detached.
   *
   * @param pidFile where its pid is written
   * @param log where its standard output and error go
   */
  static ProcessHandle start(
      String mainClass,
      List<String> classpath,
      List<String> jvmOptions,
      List<String> args,
      Map<String, String> env,
      Path log,
      Path pidFile)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add("setsid");
    command.addAll(command(mainClass, classpath, jvmOptions, args));
    Files.createDirectories(log.getParent());
    Files.createDirectories(pidFile.getParent());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    apply(env, pb.environment());
    Process p = pb.start();
    Files.writeString(pidFile, Long.toString(p.pid()), StandardCharsets.UTF_8);
    return p.toHandle();
  }

  /**
   * Runs {@code mainClass} to its end and returns its output. The child has this process's
   * environment with {@code env} applied: a null value removes a variable.
   *
   * @throws IOException when it fails or runs longer than {@code timeoutSeconds}
   */
  public static String run(
      String mainClass,
      List<String> classpath,
      List<String> jvmOptions,
      List<String> args,
      Map<String, String> env,
      long timeoutSeconds)
      throws IOException, InterruptedException {
    List<String> command = command(mainClass, classpath, jvmOptions, args);
    Path out = Files.createTempFile("ocr-cluster-", ".out");
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.redirectOutput(out.toFile());
      apply(env, pb.environment());
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(mainClass + " did not finish in " + timeoutSeconds + " s");
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IOException(mainClass + " failed (exit " + p.exitValue() + "): " + tail(text));
      }
      return text;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /**
   * Runs {@code mainClass} to its end on this process's terminal (standard input, output and error
   * are this process's), for an interactive or chatty tool; returns its exit code.
   */
  static int runAttached(
      String mainClass,
      List<String> classpath,
      List<String> jvmOptions,
      List<String> args,
      Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(command(mainClass, classpath, jvmOptions, args)).inheritIO();
    apply(env, pb.environment());
    Process p = pb.start();
    try {
      return p.waitFor();
    } finally {
      // Ctrl-C reaches both; should this one be stopped otherwise, the child goes too.
      p.destroy();
    }
  }

  /**
   * Runs {@code mainClass} to its end with this process's standard input, handing each line of its
   * output (standard output and error) to {@code lines} as it comes; returns its exit code.
   */
  static int runPiped(
      String mainClass,
      List<String> classpath,
      List<String> jvmOptions,
      List<String> args,
      Map<String, String> env,
      java.util.function.Consumer<String> lines)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(command(mainClass, classpath, jvmOptions, args))
            .redirectInput(ProcessBuilder.Redirect.INHERIT)
            .redirectErrorStream(true);
    apply(env, pb.environment());
    Process p = pb.start();
    try (java.io.BufferedReader out =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.accept(line);
      }
      return p.waitFor();
    } finally {
      p.destroy();
    }
  }

  private static void apply(Map<String, String> changes, Map<String, String> env) {
    changes.forEach(
        (k, v) -> {
          if (v == null) {
            env.remove(k);
          } else {
            env.put(k, v);
          }
        });
  }

  private static List<String> command(
      String mainClass, List<String> classpath, List<String> jvmOptions, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(String.join(java.io.File.pathSeparator, classpath));
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /** The process whose pid is in {@code pidFile}, when it is alive. */
  static Optional<ProcessHandle> alive(Path pidFile) {
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Stops the process whose pid is in {@code pidFile}, if alive: SIGTERM so that its shutdown hooks
   * run, SIGKILL when it is still there after 30 s; then deletes the pid file.
   */
  static void stop(Path pidFile) throws IOException {
    Optional<ProcessHandle> p = alive(pidFile);
    if (p.isPresent()) {
      p.get().destroy();
      try {
        p.get().onExit().get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        p.get().destroyForcibly();
      } catch (InterruptedException e) {
        p.get().destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    Files.deleteIfExists(pidFile);
  }

  /** Waits until something accepts connections on a loopback port. */
  static void awaitPort(int port, int seconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (java.net.Socket s = new java.net.Socket()) {
        s.connect(new java.net.InetSocketAddress("localhost", port), 500);
        return;
      } catch (IOException e) {
        Thread.sleep(300);
      }
    }
    throw new IOException("nothing answers on port " + port + " after " + seconds + " s");
  }

  /** The last lines of a process's output, for an error message. */
  public static String tail(String text) {
    String[] lines = text.strip().split("\n");
    int from = Math.max(0, lines.length - 8);
    return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
  }
}
