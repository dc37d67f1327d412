package dev.grcnn.ocr.local.cluster;

import dev.grcnn.ocr.model.Folders;
import dev.grcnn.ocr.testkit.KafkaBroker;
import java.io.IOException;
import java.nio.file.Files;

/**
 * A Kafka broker alone in a process of its own, for a benchmark that must not count the broker's
 * memory as its own. Closing (or the end of this JVM) stops it and deletes its folder.
 */
public final class LocalKafka implements KafkaBroker {

  private final ClusterLayout layout;
  private final KafkaBrokerProcess broker;
  private final StopOnExit stopOnExit;

  private LocalKafka(ClusterLayout layout) {
    this.layout = layout;
    this.broker = KafkaBrokerProcess.of(layout);
    this.stopOnExit = new StopOnExit("stop-kafka", this::stopAndDelete);
  }

  /** Formats and starts a broker on a free port, its files in a new temporary folder. */
  public static LocalKafka start() throws IOException, InterruptedException {
    ClusterLayout layout = ClusterLayout.create(Files.createTempDirectory("ocr-kafka-"), 0, 0);
    LocalKafka kafka = new LocalKafka(layout);
    try {
      KafkaBrokerProcess.start(layout);
      return kafka;
    } catch (IOException | InterruptedException | RuntimeException e) {
      kafka.close();
      throw e;
    }
  }

  @Override
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  @Override
  public void close() throws IOException {
    stopOnExit.close();
    stopAndDelete();
  }

  private void stopAndDelete() throws IOException {
    broker.close();
    Folders.delete(layout.dir);
  }
}
