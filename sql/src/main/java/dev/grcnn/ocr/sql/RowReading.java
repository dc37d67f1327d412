package dev.grcnn.ocr.sql;

import dev.grcnn.ocr.model.decode.Alternative;
import java.util.List;

/**
 * What the model made of one row: a reading, or (text null) the reason its image could not be read.
 */
record RowReading(
    String text,
    double confidence,
    double[] characterConfidences,
    List<Alternative> alternatives,
    String greedyText,
    String decoding,
    String modelVersion,
    String error) {

  /** A row whose image could not be read. */
  static RowReading failed(String modelVersion, String error) {
    return new RowReading(null, 0, null, null, null, null, modelVersion, error);
  }
}
