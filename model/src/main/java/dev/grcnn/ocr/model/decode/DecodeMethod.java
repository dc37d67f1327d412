package dev.grcnn.ocr.model.decode;

/** How a text was chosen. */
public enum DecodeMethod {
  /** Best-path decoding, no lexicon. */
  GREEDY,
  /** The lexicon word with the highest CTC probability. */
  LEXICON,
  /** A lexicon was given but no word lay within the edit distance: the greedy text stands. */
  LEXICON_NO_CANDIDATE
}
