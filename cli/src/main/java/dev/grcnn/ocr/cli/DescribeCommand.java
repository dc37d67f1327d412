package dev.grcnn.ocr.cli;

import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.LayerTable;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ocr describe}: the layer table of a config. */
@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    description = "Prints the layers, parameter count and multiply-adds per image of a config.")
final class DescribeCommand implements Runnable {

  @Option(
      names = "--config",
      defaultValue = "paper",
      description = "compact, wide, small or paper (default: ${DEFAULT-VALUE}).")
  String config;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    GrcnnConfig c = Arguments.config("--config", config);
    PrintWriter out = spec.commandLine().getOut();
    List<LayerTable.Row> rows = LayerTable.of(c, Alphabet.DEFAULT.size());
    out.printf(
        Locale.ROOT,
        "config %s: T=%d, %s weights, channels %d/%s, conv %d, BiLSTM %d%n",
        c.name(),
        c.iterations(),
        c.sharedWeights() ? "shared" : "unshared",
        c.stemChannels(),
        c.grclChannels(),
        c.convChannels(),
        c.lstmHidden());
    out.printf(
        Locale.ROOT, "%-44s %-12s %12s %16s%n", "layer", "output", "parameters", "mult-adds");
    for (LayerTable.Row r : rows) {
      out.printf(
          Locale.ROOT,
          "%-44s %-12s %,12d %,16d%n",
          r.name(),
          r.output(),
          r.parameters(),
          r.multiplyAdds());
    }
    out.printf(
        Locale.ROOT,
        "%-44s %-12s %,12d %,16d%n",
        "total",
        "",
        LayerTable.totalParameters(rows),
        LayerTable.totalMultiplyAdds(rows));
    out.flush();
  }
}
