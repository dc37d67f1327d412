package dev.grcnn.ocr.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One round of a benchmark: sends {@code n} crops with ids {@code prefix-i}, optionally paced, and
 * waits until each of them has come out of the job, committed, on the text or dead-letter topic
 * ({@link CropIds}), noting each one's latency from its send and the job's batch statistics (from
 * each result's {@code batchSize} and {@code inferenceMillis}, which the SQL path's results table
 * names the same).
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
  int maxBatch;
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
    run(bootstrap, feeder, crops, List.of(), rate);
  }

  /**
   * As {@link #run(String, CropFeeder, List, double)}, crop {@code i} with the {@code ocr.lexicon}
   * header {@code lexicons.get(i % size)} (none when the list is empty).
   */
  void run(
      String bootstrap, CropFeeder feeder, List<byte[]> crops, List<String> lexicons, double rate)
      throws InterruptedException {
    int n = sentAt.length();
    try (CropIds ids =
        new CropIds(
            bootstrap,
            prefix,
            n,
            textTopic,
            deadTopic,
            false,
            (i, r, isDead, now) -> {
              latencies[i] = (now - sentAt.get(i)) / 1_000_000;
              lastSeen = now;
              if (isDead) {
                dead++;
              } else {
                count(r);
              }
            })) {
      Thread sender =
          new Thread(
              () -> {
                firstSend = System.nanoTime();
                try {
                  CropIds.send(
                      feeder,
                      prefix,
                      n,
                      i -> crops.get(i % crops.size()),
                      i -> lexicons.isEmpty() ? null : lexicons.get(i % lexicons.size()),
                      rate,
                      i -> sentAt.set(i, System.nanoTime()));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "bench-sender");
      sender.start();
      ids.until(n, STALL);
      sender.join();
    }
  }

  /** Adds a result's batch to the statistics: a batch of b crops counts b times, so 1/b each. */
  private void count(ConsumerRecord<byte[], byte[]> r) {
    try {
      JsonNode json = JSON.readTree(r.value());
      int batch = json.path("batchSize").asInt(1);
      results++;
      batchCrops += batch;
      maxBatch = Math.max(maxBatch, batch);
      inferenceSeconds += json.path("inferenceMillis").asLong() / 1000.0 / batch;
    } catch (IOException e) {
      throw new IllegalStateException("a result is not JSON: " + e.getMessage(), e);
    }
  }
}
