package dev.grcnn.ocr.testkit;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A Kafka broker to stream through: one in this JVM ({@link EmbeddedKafka}), one in a process of
 * its own (the local cluster's and the soak benchmark's, in {@code local/}), or one that runs
 * elsewhere ({@link #external}). Closing stops a broker that was started for the caller, and leaves
 * an external one alone.
 */
public interface KafkaBroker extends AutoCloseable {

  /** Where clients connect. */
  String bootstrapServers();

  /**
   * What an administrating client needs to connect: the bootstrap servers, and the credentials of a
   * broker that requires them.
   */
  default Properties clientProperties() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return props;
  }

  /**
   * Creates each topic that does not exist yet, with {@code partitions} partitions and as many
   * replicas as the broker's default ({@code default.replication.factor}).
   *
   * @throws IllegalStateException when the broker refuses
   */
  default void createTopics(int partitions, List<String> names) {
    Properties props = clientProperties();
    try (Admin admin = Admin.create(props)) {
      for (String name : names) {
        try {
          admin
              .createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty())))
              .all()
              .get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  /** Stops the broker if it was started for the caller. */
  @Override
  void close() throws Exception;

  /** A broker that runs elsewhere: closing it does nothing. */
  static KafkaBroker external(String bootstrapServers) {
    return external(bootstrapServers, java.util.Map.of());
  }

  /**
   * A broker that runs elsewhere and takes these client properties (security protocol, SASL, TLS,
   * config providers) from its administrating clients.
   */
  static KafkaBroker external(String bootstrapServers, java.util.Map<String, String> client) {
    return new KafkaBroker() {
      @Override
      public String bootstrapServers() {
        return bootstrapServers;
      }

      @Override
      public Properties clientProperties() {
        Properties props = new Properties();
        props.putAll(client);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
      }

      @Override
      public void close() {}

      @Override
      public String toString() {
        return bootstrapServers;
      }
    };
  }
}
