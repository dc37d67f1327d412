package dev.grcnn.ocr.local.cluster;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The class paths of the cluster's processes, taken from this JVM's own (the Maven-resolved jars of
 * the command line). Flink's processes get what a Flink distribution's {@code lib/} holds plus DJL:
 * not the project's code nor the Kafka connector and client, which the submitted job jar brings, as
 * on a real cluster. The broker gets everything but the project's code.
 */
final class ClusterClasspath {

  private ClusterClasspath() {}

  static List<String> flink() {
    return jars().stream().filter(j -> !project(j) && !kafka(j)).toList();
  }

  static List<String> kafkaBroker() {
    return jars().stream().filter(j -> !project(j)).toList();
  }

  private static List<String> jars() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> e.endsWith(".jar"))
        .map(e -> Path.of(e).toAbsolutePath().toString())
        .toList();
  }

  private static boolean project(String jar) {
    String name = Path.of(jar).getFileName().toString();
    return name.startsWith("grcnn-") || name.equals("ocr.jar");
  }

  private static boolean kafka(String jar) {
    String name = Path.of(jar).getFileName().toString();
    return name.startsWith("kafka") || name.startsWith("flink-connector-kafka");
  }
}
