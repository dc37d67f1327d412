package dev.grcnn.ocr.training.render;

import dev.grcnn.ocr.training.data.LmdbDatasetWriter;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * Renders samples {@code 0..count-1} on several threads and appends them to a dataset in index
 * order, so the output is the same whatever the thread count or timing.
 */
public final class DatasetRenderer {

  /** What a run did. */
  public record Result(long samples, double seconds) {

    /** Samples per second of wall time. */
    public double samplesPerSecond() {
      return samples / Math.max(1e-9, seconds);
    }
  }

  private static final int CHUNK = 64;

  private DatasetRenderer() {}

  /**
   * Renders and writes.
   *
   * @param progress told the number of samples written so far (may be null)
   */
  public static Result render(
      WordRenderer renderer, long count, int threads, LmdbDatasetWriter out, LongConsumer progress)
      throws IOException {
    if (count < 0 || threads < 1) {
      throw new IllegalArgumentException("count must be >= 0 and threads >= 1");
    }
    long start = System.nanoTime();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "word-renderer");
              t.setDaemon(true);
              return t;
            });
    try {
      Deque<Future<List<WordRenderer.Sample>>> ahead = new ArrayDeque<>();
      long next = 0;
      long written = 0;
      int window = 4 * threads;
      while (written < count) {
        while (ahead.size() < window && next < count) {
          long from = next;
          long to = Math.min(count, from + CHUNK);
          ahead.add(pool.submit(() -> renderRange(renderer, from, to)));
          next = to;
        }
        for (WordRenderer.Sample s : take(ahead.poll())) {
          out.add(s.image(), s.label());
          written++;
        }
        if (progress != null) {
          progress.accept(written);
        }
      }
      return new Result(written, (System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<WordRenderer.Sample> renderRange(WordRenderer renderer, long from, long to) {
    List<WordRenderer.Sample> samples = new ArrayList<>((int) (to - from));
    for (long i = from; i < to; i++) {
      samples.add(renderer.render(i));
    }
    return samples;
  }

  private static <T> T take(Future<T> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while rendering", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException("rendering failed: " + cause, cause);
    }
  }
}
