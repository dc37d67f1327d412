package dev.grcnn.ocr.local.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flink's own command-line client ({@code CliFrontend}, what {@code flink run} and {@code flink
 * stop} run), in a JVM of its own against the local cluster's configuration.
 */
final class FlinkClient {

  private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
  private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

  private final ClusterLayout layout;

  FlinkClient(ClusterLayout layout) {
    this.layout = layout;
  }

  /**
   * {@code flink run -d}: submits the job jar and returns the job id.
   *
   * @param savepoint restore from it, or null
   */
  String run(Path jobJar, String entryClass, String savepoint, List<String> jobArgs)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("run", "-d", "-c", entryClass));
    if (savepoint != null) {
      args.add("-s");
      args.add(savepoint);
    }
    args.add(jobJar.toString());
    args.addAll(jobArgs);
    String out = cli(args);
    Matcher m = JOB_ID.matcher(out);
    if (!m.find()) {
      throw new IOException("flink run printed no job id: " + ChildJvm.tail(out));
    }
    return m.group(1);
  }

  /** {@code flink stop}: stops the job with a savepoint and returns the savepoint's path. */
  String stopWithSavepoint(String jobId) throws IOException, InterruptedException {
    String out =
        cli(List.of("stop", "--savepointPath", layout.savepoints().toUri().toString(), jobId));
    Matcher m = SAVEPOINT.matcher(out);
    if (!m.find()) {
      throw new IOException("flink stop printed no savepoint path: " + ChildJvm.tail(out));
    }
    return m.group(1);
  }

  private String cli(List<String> args) throws IOException, InterruptedException {
    return ChildJvm.run(
        "org.apache.flink.client.cli.CliFrontend",
        ClusterClasspath.flink(),
        FlinkProcesses.commonJvmOptions(layout, "client"),
        args,
        Map.of("FLINK_CONF_DIR", layout.conf().toString()),
        300);
  }
}
