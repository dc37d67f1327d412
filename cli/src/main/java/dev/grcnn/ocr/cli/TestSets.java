package dev.grcnn.ocr.cli;

import dev.grcnn.ocr.training.data.LmdbDataset;
import dev.grcnn.ocr.training.eval.EvalSample;
import dev.grcnn.ocr.training.eval.Ic03Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Opens a test set by its layout. */
final class TestSets {

  private TestSets() {}

  static List<EvalSample> open(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new UsageException("--dataset: no such directory " + dir);
    }
    if (Ic03Dataset.isIc03(dir)) {
      return Ic03Dataset.read(dir);
    }
    if (LmdbDataset.isLmdb(dir)) {
      try (LmdbDataset lmdb = LmdbDataset.open(dir)) {
        List<EvalSample> samples = new ArrayList<>(lmdb.size());
        for (int i = 1; i <= lmdb.size(); i++) {
          LmdbDataset.Record r = lmdb.record(i);
          List<String> lexicon =
              r.lexicon() == null ? List.of() : Arrays.asList(r.lexicon().split(","));
          samples.add(new EvalSample(String.format("%09d", i), r.image(), r.label(), lexicon));
        }
        return samples;
      }
    }
    throw new UsageException(
        "--dataset: " + dir + " is neither in the IC03 layout (test.txt, test_label.txt) nor LMDB");
  }
}
