package dev.grcnn.ocr.sql;

import dev.grcnn.ocr.operators.InferenceSettings;
import java.io.Serializable;

/**
 * What a grcnn model in SQL was created with, shipped to each task's predict function.
 *
 * @param settings model, device, batching, lexicon and threads
 * @param maxImageBytes largest encoded image read
 * @param maxImagePixels largest decoded image read
 * @param columns which output columns the model has
 */
record ModelSetup(
    InferenceSettings settings, int maxImageBytes, long maxImagePixels, ModelColumns columns)
    implements Serializable {

  /** Loads the model: a task's reader, to be closed with the task. */
  GrcnnReader newReader() throws java.io.IOException {
    return new GrcnnReader(settings, maxImageBytes, maxImagePixels);
  }
}
