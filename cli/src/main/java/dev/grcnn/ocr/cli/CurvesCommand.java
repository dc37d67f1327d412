package dev.grcnn.ocr.cli;

import dev.grcnn.ocr.training.train.CurveComparison;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ocr curves}: training runs compared by their learning curves at equal CPU-hours. */
@Command(
    name = "curves",
    mixinStandardHelpOptions = true,
    description = {
      "Compares training runs by their learning curves against process CPU-hours: one table row",
      "per run (where it ended, its last and best validation accuracy) and, with --out, a chart",
      "of training loss and validation accuracy."
    })
final class CurvesCommand implements Callable<Integer> {

  @Parameters(
      paramLabel = "NAME=CSV",
      arity = "1..*",
      description = "A run's label and its learning-curve.csv (or its run directory).")
  List<String> runs;

  @Option(
      names = "--val-set",
      defaultValue = "real",
      description = "Validation set compared (default: ${DEFAULT-VALUE}).")
  String valSet;

  @Option(names = "--out", paramLabel = "PNG", description = "Chart of both curves.")
  Path out;

  @Override
  public Integer call() throws IOException {
    List<CurveComparison.Arm> arms = new ArrayList<>();
    for (String run : runs) {
      int eq = run.indexOf('=');
      if (eq < 1 || eq == run.length() - 1) {
        throw new UsageException("a run is NAME=CSV, not " + run);
      }
      Path csv = Path.of(run.substring(eq + 1));
      if (Files.isDirectory(csv)) {
        csv = csv.resolve("learning-curve.csv");
      }
      if (!Files.isRegularFile(csv)) {
        throw new UsageException("no learning curve " + csv);
      }
      arms.add(new CurveComparison.Arm(run.substring(0, eq), csv));
    }
    List<CurveComparison.Summary> summaries;
    try {
      summaries = CurveComparison.summarize(arms, valSet);
      if (out != null) {
        CurveComparison.draw(arms, valSet, out);
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    System.out.printf(
        "| run | iterations | samples | CPU-hours | %s accuracy, last | best (iteration) | train"
            + " loss, last 5 points |%n",
        valSet);
    System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
    for (CurveComparison.Summary s : summaries) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %,d | %,d | %.3f | %s | %s (%,d) | %.4f |%n",
          s.name(),
          s.iterations(),
          s.samples(),
          s.cpuHours(),
          percent(s.lastAccuracy()),
          percent(s.bestAccuracy()),
          s.bestIteration(),
          s.trainLoss());
    }
    return 0;
  }

  private static String percent(double accuracy) {
    return Double.isNaN(accuracy) ? "-" : String.format(Locale.ROOT, "%.2f %%", 100 * accuracy);
  }
}
