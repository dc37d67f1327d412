package dev.grcnn.ocr.testkit;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka (KRaft, broker and controller combined) inside this JVM, on a free
 * loopback port, with its log in a temporary folder deleted on close: what `./ocr run` and the
 * tests stream through when no broker is given.
 */
public final class EmbeddedKafka implements KafkaBroker {

  private final KafkaClusterTestKit cluster;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /**
   * Formats and starts the broker and waits until it serves.
   *
   * @throws IllegalStateException when it does not start
   */
  public static EmbeddedKafka start() {
    try {
      KafkaClusterTestKit cluster =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .build())
              // One broker: internal topics cannot have more replicas than that.
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .build();
      formatQuietly(cluster);
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new EmbeddedKafka(cluster);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("cannot start the embedded Kafka broker: " + e, e);
    }
  }

  /** Kafka's storage formatter prints its progress to System.out, which is this CLI's output. */
  private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
    java.io.PrintStream stdout = System.out;
    System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    try {
      cluster.format();
    } finally {
      System.setOut(stdout);
    }
  }

  /** The bootstrap servers of the broker (loopback). */
  @Override
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Stops the broker and deletes its data. */
  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
