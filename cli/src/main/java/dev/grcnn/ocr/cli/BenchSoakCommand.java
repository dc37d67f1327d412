package dev.grcnn.ocr.cli;

import dev.grcnn.ocr.local.MemoryProbe;
import dev.grcnn.ocr.local.SoakBenchmark;
import dev.grcnn.ocr.local.cluster.LocalKafka;
import dev.grcnn.ocr.testkit.KafkaBroker;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToLongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ocr bench soak}: memory of the streaming job over many crops. */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = {
      "Pushes --count crops through the streaming job in rounds of --sample-every and reads the",
      "job's heap (after GC), JVM native memory (NMT) and RSS after each. The Kafka broker runs",
      "in a process of its own, so that its memory is not counted as the job's.",
      "Bar: no measure grows more than 5% over its reading after the warm-up rounds."
    })
final class BenchSoakCommand implements Callable<Integer> {

  private static final double BAR = 0.05;

  @Mixin ModelOptions modelOptions;

  @Option(names = "--count", defaultValue = "200000", description = "Default: ${DEFAULT-VALUE}.")
  int count;

  @Option(
      names = "--sample-every",
      defaultValue = "10000",
      description = "Crops per round (default: ${DEFAULT-VALUE}).")
  int sampleEvery;

  // RSS climbs for the first ~50,000 crops while the JIT compiles and glibc's allocator settles
  // PyTorch's activation buffers into its arenas (seen in 200,000-crop runs), then levels off.
  @Option(
      names = "--warm-up-rounds",
      defaultValue = "5",
      description = "Rounds before the baseline reading (default: ${DEFAULT-VALUE}).")
  int warmUpRounds;

  @Option(names = "--batch-size", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--checkpoint-ms",
      defaultValue = "1000",
      description = "The job's checkpoint interval (default: ${DEFAULT-VALUE}).")
  long checkpointMillis;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (count < 1 || sampleEvery < 1 || batchSize < 1 || checkpointMillis < 1) {
      throw new UsageException(
          "--count, --sample-every, --batch-size and --checkpoint-ms must be positive");
    }
    if (warmUpRounds < 1 || (long) warmUpRounds * sampleEvery >= count) {
      throw new UsageException(
          "--warm-up-rounds must be at least 1 and leave rounds after it within --count");
    }
    PrintWriter out = spec.commandLine().getOut();
    String device = modelOptions.deviceName();
    modelOptions.device(); // checks the device name before anything starts
    out.printf(
        Locale.ROOT,
        "soak, model %s, batch %d, checkpoints %d ms, device %s, %d cores, %s%n",
        modelOptions.requireModelDir(),
        batchSize,
        checkpointMillis,
        device,
        Runtime.getRuntime().availableProcessors(),
        LocalDate.now());
    out.printf(
        Locale.ROOT,
        "%10s %9s %9s %12s %14s %9s%n",
        "crops",
        "seconds",
        "crops/s",
        "heap MiB",
        "JVM native MiB",
        "RSS MiB");
    out.flush();
    SoakBenchmark.Result r;
    try (LocalKafka kafka = LocalKafka.start()) {
      r = run(kafka, device, out);
    }
    out.printf(
        Locale.ROOT,
        "growth after %d crops (warm-up): heap %s, JVM native %s, RSS %s; dead letters %d%n",
        r.baseline().crops(),
        percent(r.growth(MemoryProbe.Reading::heapAfterGc)),
        percent(r.growth(MemoryProbe.Reading::jvmNative)),
        percent(r.growth(MemoryProbe.Reading::rss)),
        r.deadLetters());
    boolean met =
        within(r, MemoryProbe.Reading::heapAfterGc)
            && within(r, MemoryProbe.Reading::jvmNative)
            && within(r, MemoryProbe.Reading::rss)
            && r.deadLetters() == 0;
    out.println(met ? "bar met (< 5% growth)" : "bar NOT met (>= 5% growth or dead letters)");
    out.flush();
    return 0;
  }

  private SoakBenchmark.Result run(KafkaBroker kafka, String device, PrintWriter out)
      throws Exception {
    return SoakBenchmark.run(
        new SoakBenchmark.Settings(
            modelOptions.requireModelDir(),
            device,
            count,
            sampleEvery,
            warmUpRounds,
            batchSize,
            checkpointMillis),
        kafka,
        s -> {
          out.printf(
              Locale.ROOT,
              "%10d %9.0f %9.1f %12s %14s %9s%n",
              s.crops(),
              s.seconds(),
              s.cropsPerSecond(),
              mib(s.memory().heapAfterGc()),
              mib(s.memory().jvmNative()),
              mib(s.memory().rss()));
          out.flush();
        },
        line -> {
          spec.commandLine().getErr().println("# " + line);
          spec.commandLine().getErr().flush();
        });
  }

  private static boolean within(SoakBenchmark.Result r, ToLongFunction<MemoryProbe.Reading> m) {
    double g = r.growth(m);
    return Double.isNaN(g) || g < BAR;
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
  }

  private static String percent(double fraction) {
    return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%+.1f%%", 100 * fraction);
  }
}
