package dev.grcnn.ocr.local.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where a local cluster keeps its files ({@code conf/}, {@code log/}, {@code pid/}, Kafka's data,
 * checkpoints and savepoints) and the loopback ports it was given, which {@code cluster.properties}
 * records so that later commands find the same cluster.
 */
final class ClusterLayout {

  final Path dir;
  final int kafkaPort;
  final int controllerPort;
  final int jobManagerRpcPort;
  final int restPort;

  private ClusterLayout(
      Path dir, int kafkaPort, int controllerPort, int jobManagerRpcPort, int restPort) {
    this.dir = dir.toAbsolutePath().normalize();
    this.kafkaPort = kafkaPort;
    this.controllerPort = controllerPort;
    this.jobManagerRpcPort = jobManagerRpcPort;
    this.restPort = restPort;
  }

  /** A new layout in {@code dir} with free ports; {@code restPort} 0 picks one too. */
  static ClusterLayout create(Path dir, int kafkaPort, int restPort) throws IOException {
    ClusterLayout layout =
        new ClusterLayout(
            dir,
            kafkaPort > 0 ? kafkaPort : freePort(),
            freePort(),
            freePort(),
            restPort > 0 ? restPort : freePort());
    Files.createDirectories(layout.dir);
    Properties p = new Properties();
    p.setProperty("kafka.port", Integer.toString(layout.kafkaPort));
    p.setProperty("kafka.controller.port", Integer.toString(layout.controllerPort));
    p.setProperty("jobmanager.rpc.port", Integer.toString(layout.jobManagerRpcPort));
    p.setProperty("rest.port", Integer.toString(layout.restPort));
    try (Writer w = Files.newBufferedWriter(layout.dir.resolve("cluster.properties"))) {
      p.store(w, "ocr local cluster");
    }
    return layout;
  }

  /** The layout a previous {@code start} recorded in {@code dir}. */
  static ClusterLayout open(Path dir) throws IOException {
    Path file = dir.resolve("cluster.properties");
    if (!Files.isRegularFile(file)) {
      throw new IOException("no local cluster in " + dir + " (start one with 'ocr cluster start')");
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    return new ClusterLayout(
        dir,
        Integer.parseInt(p.getProperty("kafka.port")),
        Integer.parseInt(p.getProperty("kafka.controller.port")),
        Integer.parseInt(p.getProperty("jobmanager.rpc.port")),
        Integer.parseInt(p.getProperty("rest.port")));
  }

  String bootstrapServers() {
    return "localhost:" + kafkaPort;
  }

  String restUrl() {
    return "http://localhost:" + restPort;
  }

  Path conf() {
    return dir.resolve("conf");
  }

  Path log(String process) {
    return dir.resolve("log").resolve(process + ".log");
  }

  Path pid(String process) {
    return dir.resolve("pid").resolve(process + ".pid");
  }

  Path kafkaData() {
    return dir.resolve("kafka-data");
  }

  Path checkpoints() {
    return dir.resolve("checkpoints");
  }

  Path savepoints() {
    return dir.resolve("savepoints");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
