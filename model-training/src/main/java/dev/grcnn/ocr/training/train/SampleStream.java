package dev.grcnn.ocr.training.train;

import java.util.Random;

/**
 * An endless, deterministic sequence of training samples: sample {@code i} is the same every time
 * it is asked for, whatever the thread, so that a resumed run sees exactly the data it would have
 * seen and the data position of a run is just its iteration.
 */
@FunctionalInterface
public interface SampleStream {

  /**
   * The sample at a 0-based position. Must be safe to call from several threads at once.
   *
   * @throws java.io.UncheckedIOException when the store cannot be read
   */
  LabeledImages.Sample get(long index);

  /**
   * Passes over a finite set, each in a fresh seeded shuffle: position {@code i} is sample {@code
   * perm_e[i mod n]} of epoch {@code e = i / n}.
   */
  static SampleStream shuffled(LabeledImages data, long seed) {
    if (data.size() < 1) {
      throw new IllegalArgumentException("the training set is empty");
    }
    return new ShuffledEpochs(data, seed);
  }

  /** Shuffled passes over a finite set; the shuffle of the current epoch is cached. */
  final class ShuffledEpochs implements SampleStream {
    private final LabeledImages data;
    private final long seed;
    private long cachedEpoch = -1;
    private int[] cachedOrder;

    private ShuffledEpochs(LabeledImages data, long seed) {
      this.data = data;
      this.seed = seed;
    }

    @Override
    public LabeledImages.Sample get(long index) {
      int n = data.size();
      return data.get(order(index / n)[(int) (index % n)]);
    }

    private synchronized int[] order(long epoch) {
      if (epoch != cachedEpoch) {
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
        cachedOrder = order;
        cachedEpoch = epoch;
      }
      return cachedOrder;
    }
  }
}
