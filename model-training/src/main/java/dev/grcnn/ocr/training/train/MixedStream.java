package dev.grcnn.ocr.training.train;

/**
 * Two streams mixed at a fixed share in every batch: of each run of {@code batchSize} positions the
 * first {@code firstPerBatch} come from the first stream and the rest from the second, each stream
 * read in its own order, so every batch holds the same mix (a real-data share stays fixed instead
 * of drifting with chance).
 */
public final class MixedStream implements SampleStream {

  private final SampleStream first;
  private final SampleStream second;
  private final int firstPerBatch;
  private final int batchSize;

  /**
   * Creates the mix.
   *
   * @param first the stream of the fixed share (real crops, say)
   * @param firstPerBatch samples of each batch taken from it, 0 to batchSize
   * @param second the rest
   * @param batchSize the trainer's batch size
   */
  public MixedStream(SampleStream first, int firstPerBatch, SampleStream second, int batchSize) {
    if (batchSize < 1 || firstPerBatch < 0 || firstPerBatch > batchSize) {
      throw new IllegalArgumentException(
          "a mix needs 0 <= " + firstPerBatch + " <= batch size " + batchSize);
    }
    this.first = first;
    this.second = second;
    this.firstPerBatch = firstPerBatch;
    this.batchSize = batchSize;
  }

  /** Samples per batch from the first stream for a share rounded to whole samples. */
  public static int perBatch(double share, int batchSize) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("a share must lie in [0, 1], not " + share);
    }
    return (int) Math.round(share * batchSize);
  }

  @Override
  public LabeledImages.Sample get(long index) {
    long batch = index / batchSize;
    int slot = (int) (index % batchSize);
    if (slot < firstPerBatch) {
      return first.get(batch * firstPerBatch + slot);
    }
    return second.get(batch * (batchSize - firstPerBatch) + slot - firstPerBatch);
  }
}
