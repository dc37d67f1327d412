package dev.grcnn.ocr.training.train;

/**
 * Preprocessed samples ready for the network.
 *
 * @param images n x 32 x 100 network inputs, row-major
 * @param labels n label sequences of class indices
 * @param texts n normalised label texts
 * @param skipped samples of this batch's slice that could not be used
 */
public record Batch(float[] images, int[][] labels, String[] texts, SkipCounts skipped) {

  /** Samples in the batch. */
  public int size() {
    return labels.length;
  }
}
