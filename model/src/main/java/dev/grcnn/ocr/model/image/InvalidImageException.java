package dev.grcnn.ocr.model.image;

/** An input that cannot be turned into a network input; {@link #kind()} says why. */
public final class InvalidImageException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why an image was refused. */
  public enum Kind {
    /** No bytes at all. */
    EMPTY,
    /** Bytes that no image reader recognises. */
    NOT_AN_IMAGE,
    /** A recognised format whose data is truncated or damaged. */
    CORRUPT,
    /** More bytes or pixels than the configured limits. */
    TOO_LARGE,
    /** A real image of a kind the readers cannot convert (a colour transform they do not know). */
    UNSUPPORTED
  }

  private final Kind kind;

  /** Creates the error. */
  public InvalidImageException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /** Creates the error with its cause. */
  public InvalidImageException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** Why the image was refused. */
  public Kind kind() {
    return kind;
  }
}
