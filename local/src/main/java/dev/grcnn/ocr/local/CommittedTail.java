package dev.grcnn.ocr.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows topics under {@code read_committed}, so only what the job committed is seen, from their
 * current end or from their beginning; no consumer group, nothing committed. {@link #stop()} may be
 * called from any thread.
 */
public final class CommittedTail implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private volatile boolean stopped;

  /**
   * Assigns every partition of {@code topics} and positions at their end (or beginning), waiting at
   * most 30 s for the broker.
   *
   * @param fromBeginning read what is already there too
   */
  public CommittedTail(String bootstrapServers, List<String> topics, boolean fromBeginning) {
    this(bootstrapServers, topics, fromBeginning, Duration.ofSeconds(30));
  }

  /**
   * Assigns every partition of {@code topics} and positions at their end (or beginning).
   *
   * @param fromBeginning read what is already there too
   * @param timeout how long to wait for the broker's answers before giving up
   * @throws org.apache.kafka.common.errors.TimeoutException when the broker does not answer
   * @throws IllegalStateException when a topic does not exist
   */
  public CommittedTail(
      String bootstrapServers, List<String> topics, boolean fromBeginning, Duration timeout) {
    this(bootstrapServers, topics, fromBeginning, timeout, Map.of());
  }

  /**
   * As {@link #CommittedTail(String, List, boolean, Duration)}, with Kafka client properties
   * (security protocol, SASL, TLS, config providers) beside the reader's own.
   */
  public CommittedTail(
      String bootstrapServers,
      List<String> topics,
      boolean fromBeginning,
      Duration timeout,
      Map<String, String> client) {
    Properties p = new Properties();
    p.putAll(client);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      List<PartitionInfo> infos;
      try {
        infos = consumer.partitionsFor(topic, timeout);
      } catch (RuntimeException e) {
        consumer.close();
        throw e;
      }
      if (infos == null || infos.isEmpty()) {
        consumer.close();
        throw new IllegalStateException("no topic " + topic);
      }
      infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
    }
    consumer.assign(partitions);
    if (fromBeginning) {
      consumer.seekToBeginning(partitions);
    } else {
      consumer.seekToEnd(partitions);
    }
    // Fixes the positions now: later records, even those committed before the first poll, count.
    partitions.forEach(tp -> consumer.position(tp, timeout));
  }

  /** One poll: hands each committed record to {@code sink}; returns how many there were. */
  public int poll(Duration timeout, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    if (stopped) {
      return 0;
    }
    try {
      int n = 0;
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
        sink.accept(r);
        n++;
      }
      return n;
    } catch (WakeupException e) {
      return 0;
    }
  }

  /** True once {@link #stop()} was called. */
  public boolean stopped() {
    return stopped;
  }

  /** Makes a running and every later {@link #poll} return at once. */
  public void stop() {
    stopped = true;
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
