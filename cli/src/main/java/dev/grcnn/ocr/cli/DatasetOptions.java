package dev.grcnn.ocr.cli;

import dev.grcnn.ocr.training.eval.EvalSample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --dataset DIR [--holdout F]}: the test set of evaluate and bench accuracy. */
final class DatasetOptions {

  @Option(
      names = "--dataset",
      required = true,
      paramLabel = "DIR",
      description =
          "Test set: the IC03 layout (test.txt, test_label.txt), LMDB, or a folder with gt.txt"
              + " (file<TAB>label).")
  Path dataset;

  @Option(
      names = "--holdout",
      paramLabel = "F",
      description =
          "Of a gt.txt folder only the last share F, as 'train --real-holdout F' holds it out.")
  Double holdout;

  /** The samples, or a usage error naming the option. */
  List<EvalSample> open() throws IOException {
    if (holdout != null && !(holdout > 0 && holdout <= 1)) {
      throw new UsageException("--holdout must lie in (0, 1]");
    }
    return TestSetReader.open(dataset, holdout);
  }

  /** How the set is named in reports. */
  String describe() {
    return holdout == null ? dataset.toString() : dataset + " (last " + holdout + ")";
  }
}
