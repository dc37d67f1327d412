package dev.grcnn.ocr.training.train;

import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.image.ImagePreprocessor;
import dev.grcnn.ocr.model.image.InvalidImageException;
import dev.grcnn.ocr.training.loss.CtcLoss;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads, decodes and batches samples on background threads so the engine never waits for data.
 * Batch k of epoch e always holds the same samples for a seed (a seeded shuffle per epoch, batches
 * assembled in order whatever the thread timing), so a resumed run sees the data it would have.
 */
public final class BatchLoader implements AutoCloseable {

  private final LabeledImages data;
  private final Alphabet alphabet;
  private final int batchSize;
  private final long seed;
  private final ImagePreprocessor preprocessor = new ImagePreprocessor();
  private final ExecutorService workers;
  private final Deque<Future<Batch>> ahead = new ArrayDeque<>();
  private final int depth;
  private final boolean shuffle;
  private long nextToSubmit;

  /**
   * Creates a loader.
   *
   * @param data the samples
   * @param alphabet the classes labels are normalised onto
   * @param batchSize samples per batch
   * @param seed the shuffle seed
   * @param threads decoding threads
   * @param firstBatch the global index of the first batch to deliver (to resume)
   */
  public BatchLoader(
      LabeledImages data,
      Alphabet alphabet,
      int batchSize,
      long seed,
      int threads,
      long firstBatch) {
    this(data, alphabet, batchSize, seed, threads, firstBatch, true);
  }

  /** A loader that delivers the samples once, in stored order, the last batch possibly short. */
  public static BatchLoader sequential(
      LabeledImages data, Alphabet alphabet, int batchSize, int threads) {
    return new BatchLoader(data, alphabet, batchSize, 0, threads, 0, false);
  }

  private BatchLoader(
      LabeledImages data,
      Alphabet alphabet,
      int batchSize,
      long seed,
      int threads,
      long firstBatch,
      boolean shuffle) {
    if (data.size() < 1) {
      throw new IllegalArgumentException("the training set is empty");
    }
    if (batchSize < 1 || threads < 1) {
      throw new IllegalArgumentException("batch size and threads must be positive");
    }
    this.data = data;
    this.alphabet = alphabet;
    this.batchSize = Math.min(batchSize, data.size());
    this.seed = seed;
    this.shuffle = shuffle;
    this.depth = 2 * threads + 2;
    this.nextToSubmit = firstBatch;
    this.workers =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "batch-loader");
              t.setDaemon(true);
              return t;
            });
  }

  /** Batches per pass over the data. */
  public long batchesPerEpoch() {
    return shuffle ? data.size() / batchSize : (data.size() + batchSize - 1) / batchSize;
  }

  /** The next batch in order; blocks while it is being prepared. */
  public Batch next() {
    while (ahead.size() < depth && (shuffle || nextToSubmit < batchesPerEpoch())) {
      long k = nextToSubmit++;
      ahead.add(workers.submit(() -> load(k)));
    }
    if (ahead.isEmpty()) {
      throw new java.util.NoSuchElementException("no batch left");
    }
    try {
      return ahead.poll().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading data", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("cannot load a batch: " + cause.getMessage(), cause);
    }
  }

  private Batch load(long globalBatch) {
    long perEpoch = batchesPerEpoch();
    long epoch = globalBatch / perEpoch;
    int first = (int) ((globalBatch % perEpoch) * batchSize);
    int last = Math.min(first + batchSize, data.size());
    int[] order = shuffle ? permutation(epoch) : null;
    List<float[]> images = new ArrayList<>(batchSize);
    List<int[]> labels = new ArrayList<>(batchSize);
    List<String> texts = new ArrayList<>(batchSize);
    long bad = 0;
    long empty = 0;
    long tooLong = 0;
    for (int i = first; i < last; i++) {
      LabeledImages.Sample sample = data.get(order == null ? i : order[i]);
      String text = alphabet.normalize(sample.label());
      if (text.isEmpty()) {
        empty++;
        continue;
      }
      int[] encoded = alphabet.encode(text).orElseThrow();
      if (CtcLoss.requiredSteps(encoded) > GrcnnConfig.SEQUENCE_LENGTH) {
        tooLong++;
        continue;
      }
      try {
        images.add(preprocessor.preprocess(sample.image()));
      } catch (InvalidImageException e) {
        bad++;
        continue;
      }
      labels.add(encoded);
      texts.add(text);
    }
    int size = GrcnnConfig.HEIGHT * GrcnnConfig.WIDTH;
    float[] flat = new float[images.size() * size];
    for (int i = 0; i < images.size(); i++) {
      System.arraycopy(images.get(i), 0, flat, i * size, size);
    }
    return new Batch(
        flat,
        labels.toArray(new int[0][]),
        texts.toArray(new String[0]),
        new SkipCounts(bad, empty, tooLong));
  }

  private long cachedEpoch = -1;
  private int[] cachedOrder;

  /** The shuffle of one epoch, the same for a seed and epoch every time. */
  private synchronized int[] permutation(long epoch) {
    if (epoch != cachedEpoch) {
      cachedOrder = shuffle(epoch);
      cachedEpoch = epoch;
    }
    return cachedOrder;
  }

  private int[] shuffle(long epoch) {
    int n = data.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(seed * 1_000_003L + epoch);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
