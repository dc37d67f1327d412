package dev.grcnn.ocr.testkit;

import java.util.Properties;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka (KRaft, broker and controller combined) inside this JVM, on a free
 * loopback port, with its log in a temporary folder deleted on close: what `./ocr run` and the
 * tests stream through when no broker is given.
 */
public final class EmbeddedKafka implements KafkaBroker {

  private final KafkaClusterTestKit cluster;
  private final SecurityProtocol protocol;

  private EmbeddedKafka(KafkaClusterTestKit cluster, SecurityProtocol protocol) {
    this.cluster = cluster;
    this.protocol = protocol;
  }

  /**
   * Formats and starts the broker and waits until it serves.
   *
   * @throws IllegalStateException when it does not start
   */
  public static EmbeddedKafka start() {
    return start(SecurityProtocol.PLAINTEXT);
  }

  /**
   * As {@link #start()}, with listeners that require SASL PLAIN and an authorizer that lets only
   * the super user {@link #SASL_USER} (password {@link #SASL_PASSWORD}) in without ACLs; {@link
   * #clientProperties()} carries its credentials. Kafka's test kit sets the JVM's JAAS
   * configuration for the broker.
   */
  public static EmbeddedKafka startWithSaslPlain() {
    return start(SecurityProtocol.SASL_PLAINTEXT);
  }

  /** The SASL broker's super user. */
  public static final String SASL_USER = JaasUtils.KAFKA_PLAIN_ADMIN;

  /** Its password. */
  public static final String SASL_PASSWORD = JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD;

  private static EmbeddedKafka start(SecurityProtocol protocol) {
    try {
      KafkaClusterTestKit cluster =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .setBrokerSecurityProtocol(protocol)
                      // With SASL the test kit turns on an authorizer: the controller's listener
                      // must authenticate too, or the broker cannot register.
                      .setControllerSecurityProtocol(protocol)
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
      return new EmbeddedKafka(cluster, protocol);
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

  /** The bootstrap servers and, for a SASL broker, the administrator's credentials. */
  @Override
  public Properties clientProperties() {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers());
    if (protocol == SecurityProtocol.SASL_PLAINTEXT) {
      p.put("security.protocol", protocol.name);
      p.put("sasl.mechanism", "PLAIN");
      p.put(
          "sasl.jaas.config",
          "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
              + SASL_USER
              + "\" password=\""
              + SASL_PASSWORD
              + "\";");
    }
    return p;
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
