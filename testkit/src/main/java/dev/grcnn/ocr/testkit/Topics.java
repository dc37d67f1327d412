package dev.grcnn.ocr.testkit;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the job's topics when they do not exist yet. */
public final class Topics {

  private Topics() {}

  /**
   * Creates each topic that does not exist, with {@code partitions} partitions and as many replicas
   * as the broker's default ({@code default.replication.factor}).
   *
   * @throws IllegalStateException when the broker refuses
   */
  public static void create(String bootstrapServers, int partitions, List<String> names) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(props)) {
      for (String name : names) {
        try {
          admin
              .createTopics(
                  List.of(
                      new NewTopic(
                          name, java.util.Optional.of(partitions), java.util.Optional.empty())))
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
}
