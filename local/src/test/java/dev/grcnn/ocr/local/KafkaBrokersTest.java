package dev.grcnn.ocr.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.grcnn.ocr.local.cluster.LocalKafka;
import dev.grcnn.ocr.testkit.EmbeddedKafka;
import dev.grcnn.ocr.testkit.KafkaBroker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The brokers behind {@link KafkaBroker}: each creates topics, carries records and stops. */
class KafkaBrokersTest {

  interface Starter {
    KafkaBroker start() throws Exception;
  }

  static Stream<Arguments> brokers() {
    return Stream.of(
        Arguments.of("in this JVM", (Starter) EmbeddedKafka::start),
        Arguments.of("a process of its own", (Starter) LocalKafka::start));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokers")
  void createsTopicsCarriesRecordsAndStopsWhenClosed(String name, Starter starter)
      throws Exception {
    String bootstrap;
    try (KafkaBroker kafka = starter.start()) {
      bootstrap = kafka.bootstrapServers();
      kafka.createTopics(2, List.of("contract"));
      kafka.createTopics(2, List.of("contract")); // there already: nothing to do, no error
      KafkaBroker.external(bootstrap).close(); // leaves the broker running
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        assertEquals(
            2,
            admin
                .describeTopics(List.of("contract"))
                .allTopicNames()
                .get()
                .get("contract")
                .partitions()
                .size());
      }
      try (CropFeeder feeder = new CropFeeder(bootstrap, "contract")) {
        feeder.send("a", new byte[] {1, 2, 3}, null);
        feeder.flush();
      }
      List<String> keys = new ArrayList<>();
      try (CommittedTail tail = new CommittedTail(bootstrap, List.of("contract"), true)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (keys.isEmpty() && System.nanoTime() < deadline) {
          tail.poll(
              Duration.ofMillis(200), r -> keys.add(new String(r.key(), StandardCharsets.UTF_8)));
        }
      }
      assertEquals(List.of("a"), keys);
    }
    String[] hostPort = bootstrap.substring(bootstrap.lastIndexOf('/') + 1).split(":");
    assertThrows(
        IOException.class,
        () -> {
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 1000);
          }
        },
        name + ": the broker still listens after close");
  }
}
