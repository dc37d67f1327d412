package dev.grcnn.ocr.local;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Crops sent with the ids {@code prefix-0} to {@code prefix-(n-1)}, and what the job committed for
 * each: its results and its dead letters, read under read_committed from the output and dead-letter
 * topics. A benchmark round and the fault drill send and count with it.
 */
public final class CropIds implements AutoCloseable {

  /** Hears the first committed output of each id, on the counting thread. */
  public interface FirstOutput {
    /**
     * The first output of crop {@code i}.
     *
     * @param dead whether it is a dead letter
     * @param nanos {@link System#nanoTime()} when it was read
     */
    void accept(int i, ConsumerRecord<byte[], byte[]> record, boolean dead, long nanos);
  }

  private final String prefix;
  private final String deadTopic;
  private final CommittedTail tail;
  private final AtomicIntegerArray results;
  private final AtomicIntegerArray deadLetters;
  private final FirstOutput onFirst;
  private int out;

  /**
   * Follows both topics from their current end ({@code fromBeginning}: from their beginning).
   *
   * @param onFirst hears each id's first output (null: nobody)
   */
  public CropIds(
      String bootstrapServers,
      String prefix,
      int n,
      String textTopic,
      String deadTopic,
      boolean fromBeginning,
      FirstOutput onFirst) {
    this.prefix = prefix;
    this.deadTopic = deadTopic;
    this.results = new AtomicIntegerArray(n);
    this.deadLetters = new AtomicIntegerArray(n);
    this.onFirst = onFirst;
    this.tail = new CommittedTail(bootstrapServers, List.of(textTopic, deadTopic), fromBeginning);
  }

  /** The id of crop {@code i}. */
  public static String id(String prefix, int i) {
    return prefix + "-" + i;
  }

  /**
   * Sends crops {@code 0..n-1} in order, {@code crop.apply(i)} with the id {@code prefix-i}, at
   * {@code rate} crops/s (0: as fast as they go), then waits until the broker has them all.
   *
   * @param beforeSend hears each index just before its crop is sent
   */
  public static void send(
      CropFeeder feeder,
      String prefix,
      int n,
      IntFunction<byte[]> crop,
      double rate,
      IntConsumer beforeSend)
      throws InterruptedException {
    send(feeder, prefix, n, crop, i -> null, rate, beforeSend);
  }

  /**
   * As {@link #send(CropFeeder, String, int, IntFunction, double, IntConsumer)}, crop {@code i}
   * with the {@code ocr.lexicon} header {@code lexicon.apply(i)} (none when null).
   */
  public static void send(
      CropFeeder feeder,
      String prefix,
      int n,
      IntFunction<byte[]> crop,
      IntFunction<String> lexicon,
      double rate,
      IntConsumer beforeSend)
      throws InterruptedException {
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      if (rate > 0) {
        long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      beforeSend.accept(i);
      feeder.send(id(prefix, i), crop.apply(i), lexicon.apply(i));
    }
    feeder.flush();
  }

  /** Ids with at least one output. */
  public int out() {
    return out;
  }

  /** Committed results of crop {@code i}. */
  public int results(int i) {
    return results.get(i);
  }

  /** Committed dead letters of crop {@code i}. */
  public int deadLetters(int i) {
    return deadLetters.get(i);
  }

  /**
   * Reads until {@code target} ids have an output.
   *
   * @throws IllegalStateException when nothing comes out for {@code stall}
   */
  public void until(int target, Duration stall) {
    long last = System.nanoTime();
    while (out < target) {
      if (poll() > 0) {
        last = System.nanoTime();
      } else if (System.nanoTime() - last > stall.toNanos()) {
        throw new IllegalStateException(
            String.format(
                Locale.ROOT,
                "nothing came out for %d min; %d of %d ids are out",
                stall.toMinutes(),
                out,
                target));
      }
    }
  }

  /** Reads for {@code time}, counting what comes (late duplicates would). */
  public void drain(Duration time) {
    long end = System.nanoTime() + time.toNanos();
    while (System.nanoTime() < end) {
      poll();
    }
  }

  private int poll() {
    return tail.poll(Duration.ofMillis(100), this::count);
  }

  private void count(ConsumerRecord<byte[], byte[]> r) {
    int i = index(r);
    if (i < 0) {
      return;
    }
    boolean dead = r.topic().equals(deadTopic);
    AtomicIntegerArray mine = dead ? deadLetters : results;
    AtomicIntegerArray other = dead ? results : deadLetters;
    if (mine.getAndIncrement(i) == 0 && other.get(i) == 0) {
      out++;
      if (onFirst != null) {
        onFirst.accept(i, r, dead, System.nanoTime());
      }
    }
  }

  /** The index of a record's id, or -1 when it is not one of these crops. */
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
      return i >= 0 && i < results.length() ? i : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    tail.close();
  }
}
