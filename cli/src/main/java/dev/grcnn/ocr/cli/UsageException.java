package dev.grcnn.ocr.cli;

/** A problem with what the user asked for, found after parsing (a missing file, say): exit 2. */
public final class UsageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with the one line shown to the user. */
  public UsageException(String message) {
    super(message);
  }
}
