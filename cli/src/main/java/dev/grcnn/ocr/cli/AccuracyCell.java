package dev.grcnn.ocr.cli;

import dev.grcnn.ocr.training.eval.EvaluationReport;
import java.util.Locale;

/** One accuracy column of {@code evaluate} and {@code bench accuracy} as printed. */
final class AccuracyCell {

  private AccuracyCell() {}

  /** The column's accuracy, or "-" where the test set has nothing to score it on (no lexicons). */
  static String of(EvaluationReport report, String column) {
    Double value = report.accuracy().get(column);
    return value == null || value.isNaN() ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * value);
  }
}
