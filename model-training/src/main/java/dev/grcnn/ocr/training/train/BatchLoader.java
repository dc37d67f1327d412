package dev.grcnn.ocr.training.train;

import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.image.ImagePreprocessor;
import dev.grcnn.ocr.model.image.InvalidImageException;
import dev.grcnn.ocr.training.data.PositionRandom;
import dev.grcnn.ocr.training.loss.CtcLoss;
import java.awt.image.BufferedImage;
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
 * Reads, decodes, transforms and batches samples on background threads so the engine never waits
 * for data. Batch k holds positions {@code k * batchSize} to {@code (k + 1) * batchSize - 1} of its
 * stream and is transformed with randoms seeded by those positions, so batches come out the same
 * for a stream and seed whatever the thread timing, and a resumed run sees the data it would have.
 */
public final class BatchLoader implements AutoCloseable {

  private final SampleStream stream;
  private final long length;
  private final Alphabet alphabet;
  private final int batchSize;
  private final CropTransform transform;
  private final long transformSeed;
  private final ImagePreprocessor preprocessor = new ImagePreprocessor();
  private final ExecutorService workers;
  private final Deque<Future<Batch>> ahead = new ArrayDeque<>();
  private final int depth;
  private long nextToSubmit;

  /**
   * A loader over an endless stream.
   *
   * @param stream the samples
   * @param alphabet the classes labels are normalised onto
   * @param batchSize samples per batch
   * @param transform applied to every decoded crop (augmentation)
   * @param transformSeed seeds the transform's randoms, with each sample's position
   * @param threads decoding threads
   * @param firstBatch the index of the first batch to deliver (to resume)
   */
  public BatchLoader(
      SampleStream stream,
      Alphabet alphabet,
      int batchSize,
      CropTransform transform,
      long transformSeed,
      int threads,
      long firstBatch) {
    this(stream, Long.MAX_VALUE, alphabet, batchSize, transform, transformSeed, threads);
    this.nextToSubmit = firstBatch;
  }

  /** A loader that delivers a set once, in stored order, the last batch possibly short. */
  public static BatchLoader sequential(
      LabeledImages data, Alphabet alphabet, int batchSize, int threads) {
    if (data.size() < 1) {
      throw new IllegalArgumentException("the data set is empty");
    }
    return new BatchLoader(
        i -> data.get((int) i),
        data.size(),
        alphabet,
        Math.min(batchSize, data.size()),
        CropTransform.NONE,
        0,
        threads);
  }

  private BatchLoader(
      SampleStream stream,
      long length,
      Alphabet alphabet,
      int batchSize,
      CropTransform transform,
      long transformSeed,
      int threads) {
    if (batchSize < 1 || threads < 1) {
      throw new IllegalArgumentException("batch size and threads must be positive");
    }
    this.stream = stream;
    this.length = length;
    this.alphabet = alphabet;
    this.batchSize = batchSize;
    this.transform = transform;
    this.transformSeed = transformSeed;
    this.depth = 2 * threads + 2;
    this.workers =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "batch-loader");
              t.setDaemon(true);
              return t;
            });
  }

  /** Batches in the whole stream (of a sequential loader: one pass). */
  public long batches() {
    return length == Long.MAX_VALUE ? Long.MAX_VALUE : (length + batchSize - 1) / batchSize;
  }

  /** The next batch in order; blocks while it is being prepared. */
  public Batch next() {
    while (ahead.size() < depth && nextToSubmit < batches()) {
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

  private Batch load(long batch) {
    long first = batch * batchSize;
    long last = Math.min(first + batchSize, length);
    List<float[]> images = new ArrayList<>(batchSize);
    List<int[]> labels = new ArrayList<>(batchSize);
    List<String> texts = new ArrayList<>(batchSize);
    long bad = 0;
    long empty = 0;
    long tooLong = 0;
    for (long i = first; i < last; i++) {
      LabeledImages.Sample sample = stream.get(i);
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
        BufferedImage crop = preprocessor.decode(sample.image());
        if (transform != CropTransform.NONE) {
          crop = transform.apply(crop, randomFor(i));
        }
        images.add(ImagePreprocessor.toInput(crop));
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

  private Random randomFor(long position) {
    return PositionRandom.of(transformSeed, position, TRANSFORM_SALT);
  }

  /** Keeps the augmentation's streams apart from the renderer's of the same position. */
  private static final long TRANSFORM_SALT = 0x3C6EF372FE94F82AL;

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
