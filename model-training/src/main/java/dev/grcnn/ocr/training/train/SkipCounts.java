package dev.grcnn.ocr.training.train;

/**
 * Samples left out of training, by reason.
 *
 * @param badImage images that did not decode
 * @param emptyLabel labels with no character of the alphabet
 * @param tooLong labels that need more CTC steps than the network emits
 */
public record SkipCounts(long badImage, long emptyLabel, long tooLong) {

  /** No skips. */
  public static final SkipCounts NONE = new SkipCounts(0, 0, 0);

  /** The sum of two counts. */
  public SkipCounts plus(SkipCounts other) {
    return new SkipCounts(
        badImage + other.badImage, emptyLabel + other.emptyLabel, tooLong + other.tooLong);
  }

  /** All skips. */
  public long total() {
    return badImage + emptyLabel + tooLong;
  }
}
