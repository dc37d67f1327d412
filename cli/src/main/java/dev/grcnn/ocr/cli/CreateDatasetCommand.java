package dev.grcnn.ocr.cli;

import dev.grcnn.ocr.training.data.DatasetBuilder;
import dev.grcnn.ocr.training.data.LmdbDataset;
import dev.grcnn.ocr.training.data.LmdbDatasetWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ocr create-dataset}: an LMDB dataset (CRNN layout) from images on disk. */
@Command(
    name = "create-dataset",
    mixinStandardHelpOptions = true,
    description = {
      "Writes an LMDB dataset in the CRNN layout from a labels file (path<TAB>label a line,",
      "paths relative to --root or absolute) or from a folder in the IC03 layout (test.txt,",
      "test_label.txt, optional lexicon_50.txt; images found by file name). Images that do not",
      "decode are skipped and counted."
    })
final class CreateDatasetCommand implements Callable<Integer> {

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "New dataset.")
  Path out;

  @Option(names = "--labels", paramLabel = "FILE", description = "Labels file.")
  Path labels;

  @Option(
      names = "--root",
      paramLabel = "DIR",
      description = "Folder relative paths start from (default: the labels file's folder).")
  Path root;

  @Option(names = "--ic03", paramLabel = "DIR", description = "Folder in the IC03 layout.")
  Path ic03;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if ((labels == null) == (ic03 == null)) {
      throw new UsageException("give exactly one of --labels FILE or --ic03 DIR");
    }
    if (ic03 != null && root != null) {
      throw new UsageException("--root goes with --labels, not --ic03");
    }
    if (LmdbDataset.isLmdb(out)) {
      throw new UsageException("--out: " + out + " already holds a dataset; choose a new folder");
    }
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new UsageException("--out: " + out + " is a file");
    }
    List<DatasetBuilder.Entry> entries;
    if (labels != null) {
      if (!Files.isRegularFile(labels)) {
        throw new UsageException("--labels: no such file " + labels);
      }
      Path base = root != null ? root : labels.toAbsolutePath().getParent();
      if (!Files.isDirectory(base)) {
        throw new UsageException("--root: no such directory " + base);
      }
      entries = DatasetBuilder.readLabelsFile(labels, base);
    } else {
      if (!Files.isDirectory(ic03)) {
        throw new UsageException("--ic03: no such directory " + ic03);
      }
      try {
        entries = DatasetBuilder.readIc03(ic03);
      } catch (IOException e) {
        throw new UsageException("--ic03: " + e.getMessage());
      }
    }
    DatasetBuilder.Summary summary;
    try (LmdbDatasetWriter writer = LmdbDatasetWriter.create(out);
        ProgressBar bar =
            new ProgressBarBuilder()
                .setTaskName("create-dataset")
                .setInitialMax(entries.size())
                .build()) {
      summary = new DatasetBuilder().build(entries, writer, bar::stepTo);
    }
    PrintWriter o = spec.commandLine().getOut();
    o.printf(
        Locale.ROOT,
        "%s: %d samples written, %d skipped%n",
        out,
        summary.written(),
        summary.skippedTotal());
    for (Map.Entry<String, Long> e : summary.skipped().entrySet()) {
      o.printf(Locale.ROOT, "  skipped %-16s %d%n", e.getKey(), e.getValue());
    }
    for (String example : summary.examples()) {
      o.println("  e.g. " + example);
    }
    o.flush();
    return 0;
  }
}
