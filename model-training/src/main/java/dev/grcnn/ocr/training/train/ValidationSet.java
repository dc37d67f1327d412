package dev.grcnn.ocr.training.train;

/**
 * Held-out samples the trainer scores at every validation interval, by name in the log and the
 * learning curve. The first set a run is given selects its best model.
 *
 * @param name a short name without commas ("real", "synthetic")
 * @param data the samples, scored in stored order (never a test set)
 */
public record ValidationSet(String name, LabeledImages data) {

  /** Checks the name. */
  public ValidationSet {
    if (name.isBlank() || name.contains(",")) {
      throw new IllegalArgumentException("a validation set needs a name without commas");
    }
  }
}
