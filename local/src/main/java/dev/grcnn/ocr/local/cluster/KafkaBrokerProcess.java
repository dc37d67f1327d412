package dev.grcnn.ocr.local.cluster;

import dev.grcnn.ocr.testkit.KafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * The local cluster's Kafka: one KRaft node (broker and controller) in its own JVM, run by Kafka's
 * own {@code kafka.Kafka} main after {@code kafka.tools.StorageTool} formatted its log directory.
 * Its pid file in the cluster's folder finds it again from a later command; closing stops it.
 */
final class KafkaBrokerProcess implements KafkaBroker {

  static final String NAME = "kafka";

  private final ClusterLayout layout;

  private KafkaBrokerProcess(ClusterLayout layout) {
    this.layout = layout;
  }

  /** The broker of a cluster's folder, running or not. */
  static KafkaBrokerProcess of(ClusterLayout layout) {
    return new KafkaBrokerProcess(layout);
  }

  /** Formats (on first start) and starts the broker of a cluster's folder; waits for its port. */
  static KafkaBrokerProcess start(ClusterLayout layout) throws IOException, InterruptedException {
    Path props = layout.conf().resolve("kafka-server.properties");
    Files.createDirectories(layout.conf());
    Files.writeString(props, serverProperties(layout));
    Path log4j = layout.conf().resolve("kafka-log4j2.properties");
    Files.writeString(log4j, Log4jConfig.forFile(layout.log(NAME + "-server").toString()));
    List<String> jvm = List.of("-Xmx1g", "-Dlog4j2.configurationFile=" + log4j.toUri());
    if (!Files.isDirectory(layout.kafkaData())) {
      ChildJvm.run(
          "kafka.tools.StorageTool",
          ClusterClasspath.kafkaBroker(),
          jvm,
          List.of("format", "-t", Uuid.randomUuid().toString(), "-c", props.toString()),
          Map.of(),
          120);
    }
    ChildJvm.start(
        "kafka.Kafka",
        ClusterClasspath.kafkaBroker(),
        jvm,
        List.of(props.toString()),
        Map.of(),
        layout.log(NAME),
        layout.pid(NAME));
    ChildJvm.awaitPort(layout.kafkaPort, 90);
    return of(layout);
  }

  @Override
  public String bootstrapServers() {
    return layout.bootstrapServers();
  }

  /** Stops the process: SIGTERM, SIGKILL after 30 s. */
  @Override
  public void close() throws IOException {
    ChildJvm.stop(layout.pid(NAME));
  }

  private static String serverProperties(ClusterLayout l) {
    return String.join(
        "\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@localhost:" + l.controllerPort,
        "listeners=PLAINTEXT://localhost:"
            + l.kafkaPort
            + ",CONTROLLER://localhost:"
            + l.controllerPort,
        "advertised.listeners=PLAINTEXT://localhost:" + l.kafkaPort,
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + l.kafkaData(),
        "num.partitions=2",
        // One node: internal topics cannot have more replicas than that.
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=false",
        "");
  }
}
