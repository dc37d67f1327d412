package dev.grcnn.ocr.cli;

import dev.grcnn.ocr.training.data.DatasetBuilder;
import dev.grcnn.ocr.training.data.FolderImages;
import dev.grcnn.ocr.training.data.LmdbDataset;
import dev.grcnn.ocr.training.eval.EvalSample;
import dev.grcnn.ocr.training.eval.Ic03Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads a test set (IC03 layout, LMDB, or a gt.txt folder) for evaluate and bench accuracy. */
final class TestSetReader {

  private TestSetReader() {}

  /**
   * Reads a test set.
   *
   * @param holdout for a gt.txt folder, the last share of it only; null for all
   */
  static List<EvalSample> open(Path dir, Double holdout) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new UsageException("--dataset: no such directory " + dir);
    }
    boolean labelled = Files.isRegularFile(dir.resolve(FolderImages.LABELS_FILE));
    if (holdout != null && !labelled) {
      throw new UsageException("--holdout needs a folder with " + FolderImages.LABELS_FILE);
    }
    if (labelled) {
      List<DatasetBuilder.Entry> entries =
          DatasetBuilder.readLabelsFile(dir.resolve(FolderImages.LABELS_FILE), dir);
      int from = holdout == null ? 0 : FolderImages.holdoutStart(entries.size(), holdout);
      List<EvalSample> samples = new ArrayList<>(entries.size() - from);
      for (DatasetBuilder.Entry e : entries.subList(from, entries.size())) {
        samples.add(
            new EvalSample(
                e.image().getFileName().toString(),
                Files.readAllBytes(e.image()),
                e.label() == null ? "" : e.label(),
                List.of()));
      }
      return samples;
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
        "--dataset: "
            + dir
            + " is not in the IC03 layout (test.txt, test_label.txt), LMDB or a gt.txt folder");
  }
}
