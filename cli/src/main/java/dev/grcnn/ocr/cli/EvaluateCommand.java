package dev.grcnn.ocr.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grcnn.ocr.model.OcrModel;
import dev.grcnn.ocr.training.eval.EvalSample;
import dev.grcnn.ocr.training.eval.EvaluationReport;
import dev.grcnn.ocr.training.eval.Evaluator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ocr evaluate}: word accuracy on a test set. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Word accuracy (36 classes, case-insensitive) on a test set in the IC03 layout",
      "(test.txt, test_label.txt, lexicon_50.txt) or an LMDB dataset: lexicon-free, with each",
      "image's lexicon, with the Full lexicon, and with a large dictionary when given."
    })
final class EvaluateCommand implements Callable<Integer> {

  @Mixin ModelOptions modelOptions;

  @Mixin DatasetOptions dataset;

  @Option(
      names = "--dictionary",
      paramLabel = "FILE",
      description = "A large word list, one word a line (e.g. /usr/share/dict/words).")
  Path dictionary;

  @Option(
      names = "--predictions",
      paramLabel = "FILE",
      description = "Write per-image predictions here (TSV).")
  Path predictions;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--batch", defaultValue = "32", description = "Images per forward pass.")
  int batch;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (batch < 1) {
      throw new UsageException("--batch must be at least 1");
    }
    List<EvalSample> samples = dataset.open();
    List<String> words = null;
    if (dictionary != null) {
      if (!Files.isRegularFile(dictionary)) {
        throw new UsageException("--dictionary: no such file " + dictionary);
      }
      words = Files.readAllLines(dictionary, StandardCharsets.ISO_8859_1);
    }
    EvaluationReport report;
    String modelName;
    try (OcrModel model = modelOptions.load()) {
      modelName = model.info().name() + " " + model.info().version();
      report = new Evaluator(model, batch).evaluate(samples, words, predictions);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(report));
    } else {
      out.printf(
          Locale.ROOT,
          "%s on %s: %d images (%d unreadable), %.1f images/s%n",
          modelName,
          dataset.describe(),
          report.images(),
          report.unreadable(),
          report.imagesPerSecond());
      // The lexicon columns show "-" for a test set without lexicons, as in bench accuracy.
      Set<String> columns = new LinkedHashSet<>(List.of("none", "lexicon50", "full"));
      columns.addAll(report.accuracy().keySet());
      for (String column : columns) {
        out.printf(Locale.ROOT, "  %-10s %7s%n", column, AccuracyCell.of(report, column));
      }
    }
    out.flush();
    return 0;
  }
}
