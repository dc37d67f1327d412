package dev.grcnn.ocr.local.cluster;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Flink's own SQL Client ({@code SqlClient}, what a distribution's {@code sql-client.sh} runs) in
 * embedded mode, in a JVM of its own on this terminal, against the local cluster's {@code conf/}:
 * its statements are planned here and its jobs submitted to the cluster's JobManager.
 */
final class FlinkSqlClient {

  static final String MAIN_CLASS = "org.apache.flink.table.client.SqlClient";

  private final ClusterLayout layout;

  FlinkSqlClient(ClusterLayout layout) {
    this.layout = layout;
  }

  /**
   * Runs the client to its end and returns its exit code.
   *
   * @param clientJars its class path beyond the cluster's {@code lib/} (a distribution's {@code
   *     opt/} jars of {@code sql-client.sh})
   * @param jars added to the session with {@code --jar}, as a user adds a jar: shipped with every
   *     job it submits
   * @param init statements run first ({@code -i}), or null
   * @param script statements run, after which the client exits ({@code -f}); null for the
   *     interactive shell, which has this terminal
   * @param out where a script's run prints the client's output, line by line
   * @return the client's exit code; 1 when it reported a failed statement of the script
   */
  int run(List<Path> clientJars, List<Path> jars, Path init, Path script, PrintWriter out)
      throws IOException, InterruptedException {
    Map<String, String> env = Map.of("FLINK_CONF_DIR", layout.conf().toString());
    List<String> args = arguments(jars, init, script);
    if (script == null) {
      return ChildJvm.runAttached(MAIN_CLASS, classpath(clientJars), jvmOptions(), args, env);
    }
    // A script's failed statement ends the client with exit code 0: its output tells.
    boolean[] failed = {false};
    int code =
        ChildJvm.runPiped(
            MAIN_CLASS,
            classpath(clientJars),
            jvmOptions(),
            args,
            env,
            line -> {
              out.println(line);
              out.flush();
              failed[0] |= failed(line);
            });
    return code == 0 && failed[0] ? 1 : code;
  }

  /** Whether the client's output reports a statement it could not execute. */
  static boolean failed(String output) {
    return output.contains(STATEMENT_FAILED);
  }

  /** What the client prints (after a colour code) when a statement fails. */
  static final String STATEMENT_FAILED = "[ERROR] Could not execute SQL statement";

  /**
   * Runs {@code script} ({@code -f}) to its end and returns what the client printed.
   *
   * @throws IOException when a statement fails, the client exits non-zero or it runs longer than
   *     {@code timeoutSeconds}
   */
  String runScript(List<Path> clientJars, List<Path> jars, Path script, long timeoutSeconds)
      throws IOException, InterruptedException {
    String out =
        ChildJvm.run(
            MAIN_CLASS,
            classpath(clientJars),
            jvmOptions(),
            arguments(jars, null, script),
            Map.of("FLINK_CONF_DIR", layout.conf().toString()),
            timeoutSeconds);
    if (failed(out)) {
      throw new IOException("the SQL Client could not execute a statement:\n" + out);
    }
    return out;
  }

  /** A distribution's {@code lib/}, then its {@code opt/} jars, as {@code sql-client.sh} has it. */
  private static List<String> classpath(List<Path> clientJars) {
    List<String> classpath = new ArrayList<>(ClusterClasspath.flink());
    clientJars.forEach(j -> classpath.add(j.toAbsolutePath().toString()));
    return classpath;
  }

  /** {@code embedded [--jar JAR]... [-i INIT] [-f SCRIPT]}. */
  static List<String> arguments(List<Path> jars, Path init, Path script) {
    List<String> args = new ArrayList<>(List.of("embedded"));
    for (Path jar : jars) {
      args.add("--jar");
      args.add(jar.toAbsolutePath().toString());
    }
    if (init != null) {
      args.add("-i");
      args.add(init.toAbsolutePath().toString());
    }
    if (script != null) {
      args.add("-f");
      args.add(script.toAbsolutePath().toString());
    }
    return args;
  }

  private List<String> jvmOptions() {
    List<String> options = new ArrayList<>(FlinkProcesses.commonJvmOptions(layout, "sql-client"));
    // Planning opens the provider's factory here; DJL must never try to download.
    options.add("-Doffline=true");
    return options;
  }
}
