package dev.grcnn.ocr.training.train;

/** Random access to encoded images with their labels: what training and validation read. */
public interface LabeledImages {

  /** One sample: the encoded image and its label as stored (any case, any characters). */
  record Sample(byte[] image, String label) {}

  /** Number of samples. */
  int size();

  /**
   * The sample at a 0-based index. Must be safe to call from several threads at once.
   *
   * @throws java.io.UncheckedIOException when the store cannot be read
   */
  Sample get(int index);

  /** Samples {@code from} (inclusive) to {@code to} (exclusive) of this set, in order. */
  default LabeledImages slice(int from, int to) {
    return new LabeledImagesSlice(this, from, to);
  }
}
