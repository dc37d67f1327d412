package dev.grcnn.ocr.operators;

import java.util.Locale;

/** How an input record's value carries its crop. */
public enum InputFormat {
  /** The value is the encoded image; the key is the id; header {@code ocr.lexicon} the words. */
  RAW,
  /** The value is a JSON envelope {@code {"id", "image" (base64), "lexicon", "meta"}}. */
  JSON;

  /** Parses {@code raw} or {@code json}, case-insensitively. */
  public static InputFormat byName(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown input format '" + name + "' (raw or json)");
    }
  }
}
