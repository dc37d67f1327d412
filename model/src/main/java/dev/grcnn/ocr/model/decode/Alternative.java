package dev.grcnn.ocr.model.decode;

/**
 * One reading of a crop among its top-k alternatives.
 *
 * @param text the reading
 * @param confidence its CTC probability, P(text | image), in [0, 1]
 */
public record Alternative(String text, double confidence) {}
