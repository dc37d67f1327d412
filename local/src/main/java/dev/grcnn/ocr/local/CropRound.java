package dev.grcnn.ocr.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One round of a benchmark: sends {@code n} crops with ids {@code prefix-i}, optionally paced, and
 * waits until each of them has come out of the job, committed, on the text or dead-letter topic,
 * noting each one's latency from its send.
 */
final class CropRound {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STALL = Duration.ofMinutes(3);

  private final String prefix;
  private final AtomicLongArray sentAt;
  private final String textTopic;
  private final String deadTopic;

  /** Latency of each crop, ms, from its send to its committed output. */
  final long[] latencies;

  private volatile long firstSend;
  private long lastSeen;
  int dead;
  int results;
  long batchCrops;
  double inferenceSeconds;

  CropRound(String prefix, int n, String textTopic, String deadTopic) {
    this.prefix = prefix;
    this.sentAt = new AtomicLongArray(n);
    this.latencies = new long[n];
    this.textTopic = textTopic;
    this.deadTopic = deadTopic;
  }

  /** Seconds from the first send to the last output. */
  double seconds() {
    return (lastSeen - firstSend) / 1e9;
  }

  /** Mean forward-pass batch size per crop. */
  double meanBatch() {
    return batchCrops / (double) Math.max(1, results);
  }

  /** Crops/s of the job's forward passes alone. */
  double forwardCropsPerSecond() {
    return results / Math.max(1e-9, inferenceSeconds);
  }

  /**
   * Sends the crops ({@code crops} cycled) at {@code rate} crops/s (0: as fast as possible) and
   * returns once every one came out.
   *
   * @throws IllegalStateException when nothing comes out for three minutes
   */
  void run(String bootstrap, CropFeeder feeder, List<byte[]> crops, double rate)
      throws InterruptedException {
    int n = sentAt.length();
    try (CommittedTail tail = new CommittedTail(bootstrap, List.of(textTopic, deadTopic), false)) {
      Thread sender = new Thread(() -> send(feeder, crops, rate), "bench-sender");
      sender.start();
      boolean[] seen = new boolean[n];
      int done = 0;
      long lastProgress = System.nanoTime();
      while (done < n) {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
        tail.poll(Duration.ofMillis(100), batch::add);
        long now = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
          int i = index(r);
          if (i >= 0 && !seen[i]) {
            seen[i] = true;
            done++;
            latencies[i] = (now - sentAt.get(i)) / 1_000_000;
            if (r.topic().equals(deadTopic)) {
              dead++;
            } else {
              count(r);
            }
          }
        }
        if (!batch.isEmpty()) {
          lastProgress = now;
          lastSeen = System.nanoTime();
        } else if (now - lastProgress > STALL.toNanos()) {
          throw new IllegalStateException(
              "no result for " + STALL.toMinutes() + " min; " + done + " of " + n + " came out");
        }
      }
      sender.join();
    }
  }

  private void send(CropFeeder feeder, List<byte[]> crops, double rate) {
    int n = sentAt.length();
    firstSend = System.nanoTime();
    for (int i = 0; i < n; i++) {
      if (rate > 0) {
        long wait = firstSend + (long) (i * 1e9 / rate) - System.nanoTime();
        if (wait > 0) {
          try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
      sentAt.set(i, System.nanoTime());
      feeder.send(prefix + "-" + i, crops.get(i % crops.size()), null);
    }
    feeder.flush();
  }

  /** Adds a result's batch to the statistics: a batch of b crops counts b times, so 1/b each. */
  private void count(ConsumerRecord<byte[], byte[]> r) {
    try {
      JsonNode json = JSON.readTree(r.value());
      int batch = json.path("batchSize").asInt(1);
      results++;
      batchCrops += batch;
      inferenceSeconds += json.path("inferenceMillis").asLong() / 1000.0 / batch;
    } catch (IOException e) {
      throw new IllegalStateException("a result is not JSON: " + e.getMessage(), e);
    }
  }

  private int index(ConsumerRecord<byte[], byte[]> r) {
    if (r.key() == null) {
      return -1;
    }
    String key = new String(r.key(), StandardCharsets.UTF_8);
    if (!key.startsWith(prefix + "-")) {
      return -1;
    }
    try {
      int i = Integer.parseInt(key.substring(prefix.length() + 1));
      return i < sentAt.length() ? i : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
