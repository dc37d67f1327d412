package dev.grcnn.ocr.cli;

import dev.grcnn.ocr.model.OcrModel;
import dev.grcnn.ocr.training.eval.EvalSample;
import dev.grcnn.ocr.training.eval.EvaluationReport;
import dev.grcnn.ocr.training.eval.Evaluator;
import dev.grcnn.ocr.training.eval.PpOcrBaseline;
import dev.grcnn.ocr.training.eval.PpOcrRecognizer;
import dev.grcnn.ocr.training.eval.TesseractBaseline;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ocr bench accuracy}: the model beside Tesseract and PP-OCRv4 on one test set. */
@Command(
    name = "accuracy",
    mixinStandardHelpOptions = true,
    description = {
      "Word accuracy of the model, of Tesseract (--oem 1 --psm 8) and of PaddleOCR's PP-OCRv4",
      "recogniser (ONNX Runtime) on the same test set, side by side. Tesseract runs when",
      "installed (Debian: apt-get install tesseract-ocr), PP-OCRv4 when its model is on the",
      "class path (the build brings it)."
    })
final class BenchAccuracyCommand implements Callable<Integer> {

  @Mixin ModelOptions modelOptions;

  @Mixin DatasetOptions dataset;

  @Option(
      names = "--tesseract",
      defaultValue = "tesseract",
      description = "Tesseract executable (default: ${DEFAULT-VALUE}).")
  String tesseract;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    List<EvalSample> samples = dataset.open();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "%s, %d images, %s, %d cores%n",
        dataset.describe(),
        samples.size(),
        java.time.LocalDate.now(),
        Runtime.getRuntime().availableProcessors());
    out.printf(
        Locale.ROOT, "%-28s %9s %9s %9s %10s%n", "system", "none", "lex50", "full", "images/s");
    try (OcrModel model = modelOptions.load()) {
      EvaluationReport ours = new Evaluator(model, 32).evaluate(samples, null, null);
      row(out, "GRCNN " + model.info().name() + " @" + model.info().iterations(), ours);
    }
    TesseractBaseline baseline =
        new TesseractBaseline(tesseract, Runtime.getRuntime().availableProcessors());
    if (baseline.available()) {
      row(out, "Tesseract --oem 1 --psm 8", baseline.evaluate(samples));
    } else {
      out.println("Tesseract: not installed (" + tesseract + "); apt-get install tesseract-ocr");
    }
    ppOcr(out, samples);
    out.flush();
    return 0;
  }

  /** A baseline only: what a user would pick instead of the model, never part of the product. */
  private static void ppOcr(PrintWriter out, List<EvalSample> samples) throws IOException {
    Optional<String> absent = PpOcrRecognizer.absence();
    if (absent.isPresent()) {
      out.println("PP-OCRv4: skipped, " + absent.get());
      return;
    }
    PpOcrRecognizer loaded;
    try {
      loaded = PpOcrRecognizer.load(Runtime.getRuntime().availableProcessors());
    } catch (IOException e) {
      out.println("PP-OCRv4: skipped, " + e.getMessage());
      return;
    }
    try (PpOcrRecognizer recognizer = loaded) {
      row(out, "PP-OCRv4 mobile (ONNX)", new PpOcrBaseline(recognizer).evaluate(samples));
    }
  }

  private static void row(PrintWriter out, String name, EvaluationReport r) {
    out.printf(
        Locale.ROOT,
        "%-28s %9s %9s %9s %10.1f%n",
        name,
        AccuracyCell.of(r, "none"),
        AccuracyCell.of(r, "lexicon50"),
        AccuracyCell.of(r, "full"),
        r.imagesPerSecond());
    out.flush();
  }
}
