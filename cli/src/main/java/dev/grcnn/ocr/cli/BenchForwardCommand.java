package dev.grcnn.ocr.cli;

import ai.djl.Device;
import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.ModelInfo;
import dev.grcnn.ocr.model.NativeAllocator;
import dev.grcnn.ocr.model.OcrModel;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ocr bench forward}: images/s of the forward pass per config and batch size. */
@Command(
    name = "forward",
    mixinStandardHelpOptions = true,
    description = {
      "Images/s of the inference forward pass (preprocessed inputs, no decoding) for each config",
      "and batch size, on random weights (speed does not depend on their values), and the share",
      "of the engine's matmul rate (the roofline) that each reaches: the layer table's",
      "multiply-adds x 2 x images/s over the GFLOP/s of a 2048-square matmul measured first."
    })
final class BenchForwardCommand implements Runnable {

  @Option(
      names = "--configs",
      split = ",",
      defaultValue = "compact,small,paper",
      description = "Configs (default: ${DEFAULT-VALUE}).")
  List<String> configs;

  @Option(
      names = "--batches",
      split = ",",
      defaultValue = "1,8,32,128",
      description = "Batch sizes (default: ${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Option(
      names = "--seconds",
      defaultValue = "5",
      description =
          "Measured seconds per cell, after one warm-up pass (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(
      names = "--profile",
      description =
          "After each config's cells, where a pass's time goes at each batch size: the network's"
              + " blocks, and a GRCL layer's operations, timed one by one.")
  boolean profile;

  @picocli.CommandLine.Mixin DeviceOption device;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    List<GrcnnConfig> chosen = new ArrayList<>();
    for (String name : configs) {
      chosen.add(Arguments.config("--configs", name));
    }
    if (batches.stream().anyMatch(b -> b < 1) || seconds <= 0) {
      throw new UsageException("batch sizes and --seconds must be positive");
    }
    Device dev = device.device();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "forward pass, device %s, %d cores, %s, allocator %s%n",
        dev,
        Runtime.getRuntime().availableProcessors(),
        java.time.LocalDate.now(),
        NativeAllocator.describeThisProcess());
    out.flush();
    double roofline = ForwardBenchmark.matmulGflops(dev, 2);
    out.printf(
        Locale.ROOT,
        "roofline: %d x %d matmul at %.1f GFLOP/s%n",
        ForwardBenchmark.MATMUL_SIZE,
        ForwardBenchmark.MATMUL_SIZE,
        roofline);
    out.printf(
        Locale.ROOT,
        "%-8s %6s %12s %12s %10s %10s%n",
        "config",
        "batch",
        "images/s",
        "ms/batch",
        "GFLOP/s",
        "roofline");
    out.flush();
    Random random = new Random(1);
    for (GrcnnConfig config : chosen) {
      double flops = ForwardBenchmark.flopsPerImage(config);
      try (OcrModel model =
          OcrModel.create(ModelInfo.untrained("bench", config, Alphabet.DEFAULT), dev)) {
        model.network().freezeParameters(true);
        for (int batch : batches) {
          ForwardBenchmark.Result r =
              ForwardBenchmark.imagesPerSecond(model, batch, seconds, random);
          double gflops = r.imagesPerSecond() * flops / 1e9;
          out.printf(
              Locale.ROOT,
              "%-8s %6d %12.1f %12.1f %10.1f %9.0f%%%n",
              config.name(),
              batch,
              r.imagesPerSecond(),
              r.msPerBatch(),
              gflops,
              100 * gflops / roofline);
          out.flush();
        }
        if (profile) {
          for (int batch : batches) {
            printProfile(out, config, batch, ForwardProfile.of(model, batch, 10));
          }
        }
      }
    }
  }

  private static void printProfile(
      PrintWriter out, GrcnnConfig config, int batch, java.util.Map<String, Double> ms) {
    double total = ms.values().stream().mapToDouble(Double::doubleValue).sum();
    out.printf(
        Locale.ROOT,
        "profile %s, batch %d: %.1f ms a pass (10 passes, each operation timed)%n",
        config.name(),
        batch,
        total);
    ms.forEach(
        (k, v) -> out.printf(Locale.ROOT, "  %-40s %8.1f ms %5.1f%%%n", k, v, 100 * v / total));
    out.flush();
  }
}
