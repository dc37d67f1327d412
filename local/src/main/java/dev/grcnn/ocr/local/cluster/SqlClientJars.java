package dev.grcnn.ocr.local.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The jars of {@code ocr cluster sql}. The client's own, what a Flink distribution keeps in {@code
 * opt/} for {@code sql-client.sh} ({@code flink-sql-client}, {@code flink-sql-gateway}, {@code
 * flink-python}), which {@code local/} copies to {@code target/sql-client-jars/}. And the
 * session's, added with {@code --jar} as a user of a distribution may: the model provider ({@code
 * grcnn-sql-<version>-flink.jar}, built by {@code sql/}) and the Kafka SQL connector. DJL/PyTorch
 * are the cluster's, never a session's.
 */
public final class SqlClientJars {

  private SqlClientJars() {}

  /** The SQL Client's class path beyond the cluster's {@code lib/}. */
  public static List<Path> client(Path home) throws IOException {
    return List.of(
        copied(home, "flink-sql-client-.*\\.jar"),
        copied(home, "flink-sql-gateway-.*\\.jar"),
        copied(home, "flink-python-.*\\.jar"));
  }

  /** The session's jars ({@code --jar}): the provider's first, then the Kafka SQL connector. */
  public static List<Path> session(Path home) throws IOException {
    return List.of(provider(home), copied(home, "flink-sql-connector-kafka-.*\\.jar"));
  }

  /** {@code sql/target/grcnn-sql-<version>-flink.jar}. */
  public static Path provider(Path home) throws IOException {
    return find(
        home.resolve("sql").resolve("target"),
        "grcnn-sql-.*-flink\\.jar",
        "build it with 'mvn -B -pl sql -am package -DskipTests'");
  }

  private static Path copied(Path home, String pattern) throws IOException {
    return find(
        home.resolve("local").resolve("target").resolve("sql-client-jars"),
        pattern,
        "build it with 'mvn -B -pl local -am package -DskipTests'");
  }

  private static Path find(Path dir, String pattern, String hint) throws IOException {
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        Optional<Path> jar =
            files.filter(f -> f.getFileName().toString().matches(pattern)).sorted().findFirst();
        if (jar.isPresent()) {
          return jar.get();
        }
      }
    }
    throw new IOException(
        "no " + pattern.replace("\\.", ".").replace(".*", "*") + " in " + dir + ": " + hint);
  }
}
