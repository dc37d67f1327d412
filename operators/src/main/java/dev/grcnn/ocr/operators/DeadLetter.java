package dev.grcnn.ocr.operators;

/** An input record that could not be recognised, with why. A Flink POJO. */
public class DeadLetter {

  /** The input record, untouched. */
  public CropRecord record;

  /** What was wrong, for a person. */
  public String reason;

  /** The kind of error: EMPTY, NOT_AN_IMAGE, CORRUPT, TOO_LARGE, UNSUPPORTED, BAD_LEXICON, ... */
  public String kind;

  /** For Flink. */
  public DeadLetter() {}

  /** A dead letter. */
  public DeadLetter(CropRecord record, String kind, String reason) {
    this.record = record;
    this.kind = kind;
    this.reason = reason;
  }
}
