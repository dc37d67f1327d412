package dev.grcnn.ocr.cli;

import dev.grcnn.ocr.local.cluster.ChildJvm;
import dev.grcnn.ocr.model.NativeAllocator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ocr bench allocators}: the forward and training measurements under each native allocator
 * setting, one child JVM per setting, in one table.
 */
@Command(
    name = "allocators",
    mixinStandardHelpOptions = true,
    description = {
      "Images/s of the forward pass (compact at batch 8 and 32, paper at 32) and of training",
      "(compact, batch 64, Adadelta) under each native allocator setting: two child JVMs per",
      "setting (forward, training), with the setting in their environment. Also the share of the measured CPU time",
      "spent in the kernel (page faults of freshly mapped buffers) and the peak RSS. jemalloc",
      "rows are skipped when " + NativeAllocator.JEMALLOC_LIBRARY + " is missing",
      "(apt-get install libjemalloc2)."
    })
final class BenchAllocatorsCommand implements Runnable {

  /** The glibc and jemalloc variables a setting decides, all of them removed unless set. */
  static final List<String> VARIABLES =
      List.of(
          "LD_PRELOAD",
          "MALLOC_CONF",
          "MALLOC_MMAP_THRESHOLD_",
          "MALLOC_TRIM_THRESHOLD_",
          "MALLOC_TOP_PAD_",
          "MALLOC_ARENA_MAX");

  /**
   * One allocator setting.
   *
   * @param name short name, for {@code --settings}
   * @param label the table's first column
   * @param jemalloc whether it preloads jemalloc
   * @param variables what it sets; every other name of {@link #VARIABLES} is removed
   */
  record Setting(String name, String label, boolean jemalloc, Map<String, String> variables) {

    /** The child's environment changes: null removes a variable. */
    Map<String, String> environment() {
      Map<String, String> env = new HashMap<>();
      for (String v : VARIABLES) {
        env.put(v, null);
      }
      env.putAll(variables);
      if (jemalloc) {
        env.put("LD_PRELOAD", NativeAllocator.JEMALLOC_LIBRARY);
      }
      return env;
    }
  }

  static final List<Setting> SETTINGS = settings();

  private static List<Setting> settings() {
    Map<String, String> mmapOnly = new LinkedHashMap<>();
    mmapOnly.put("MALLOC_MMAP_THRESHOLD_", NativeAllocator.GLIBC.get("MALLOC_MMAP_THRESHOLD_"));
    return List.of(
        new Setting("glibc", "glibc defaults", false, Map.of()),
        new Setting("glibc-mmap", "glibc, MALLOC_MMAP_THRESHOLD_ only", false, mmapOnly),
        new Setting(
            "glibc-tuned", "glibc, the three MALLOC_*_ (./ocr)", false, NativeAllocator.GLIBC),
        new Setting("jemalloc", "jemalloc defaults (Flink image)", true, Map.of()),
        new Setting(
            "jemalloc-oversize",
            "jemalloc, oversize_threshold:0",
            true,
            Map.of("MALLOC_CONF", "oversize_threshold:0")),
        new Setting(
            "jemalloc-keep",
            "jemalloc, " + NativeAllocator.JEMALLOC_CONF,
            true,
            Map.of("MALLOC_CONF", NativeAllocator.JEMALLOC_CONF)));
  }

  @Option(
      names = "--settings",
      split = ",",
      description =
          "Settings to run, by name (default: all): glibc, glibc-mmap, glibc-tuned, jemalloc,"
              + " jemalloc-oversize, jemalloc-keep.")
  List<String> only;

  @Option(
      names = "--seconds",
      defaultValue = "3",
      description = "Measured seconds per forward cell (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(
      names = "--train-seconds",
      defaultValue = "8",
      description = "Measured seconds of training (default: ${DEFAULT-VALUE}).")
  double trainSeconds;

  @Option(
      names = "--rounds",
      defaultValue = "1",
      description =
          "Rounds over the settings, each in turn, so that drifts of the machine spread over all;"
              + " cells show min-max (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** What one child printed: its allocator, its figures, its CPU ticks and peak RSS. */
  record Child(
      String allocator, double[] figures, long userTicks, long kernelTicks, double peakMiB) {

    double kernelShare() {
      return (double) kernelTicks / (userTicks + kernelTicks);
    }
  }

  /** The figures of one setting in one round. */
  record Figures(
      String allocator,
      double[] forward,
      double train,
      double forwardKernelShare,
      double trainKernelShare,
      double forwardPeakMiB,
      double trainPeakMiB) {}

  @Override
  public void run() {
    if (seconds <= 0 || trainSeconds <= 0 || rounds < 1) {
      throw new UsageException("--seconds, --train-seconds and --rounds must be positive");
    }
    List<Setting> chosen = chosen(only);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "native allocators, %d cores, %s: forward %.0f s a cell, training %.0f s, %d round(s)%n",
        Runtime.getRuntime().availableProcessors(),
        java.time.LocalDate.now(),
        seconds,
        trainSeconds,
        rounds);
    out.flush();
    Map<String, List<Figures>> results = new LinkedHashMap<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      for (Setting s : chosen) {
        if (s.jemalloc() && !Files.isRegularFile(Path.of(NativeAllocator.JEMALLOC_LIBRARY))) {
          skipped.put(s.name(), NativeAllocator.JEMALLOC_LIBRARY + " missing");
          continue;
        }
        out.printf(Locale.ROOT, "# round %d: %s%n", round + 1, s.label());
        out.flush();
        try {
          Child forward = parse(runChild(s, List.of("forward", Double.toString(seconds))));
          Child train = parse(runChild(s, List.of("train", Double.toString(trainSeconds))));
          Figures f =
              new Figures(
                  forward.allocator(),
                  forward.figures(),
                  train.figures()[0],
                  forward.kernelShare(),
                  train.kernelShare(),
                  forward.peakMiB(),
                  train.peakMiB());
          if (f.allocator().startsWith("jemalloc") != s.jemalloc()) {
            throw new IOException("the child runs " + f.allocator() + ", not " + s.label());
          }
          results.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(f);
        } catch (IOException e) {
          skipped.put(s.name(), "failed: " + e.getMessage().lines().findFirst().orElse(""));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    out.printf(
        Locale.ROOT,
        "%-46s %11s %11s %11s %7s %11s %11s %11s%n",
        "setting",
        "compact/8",
        "compact/32",
        "paper/32",
        "32 / 8",
        "train c/64",
        "kernel f/t",
        "peak MiB");
    for (Setting s : chosen) {
      List<Figures> fs = results.get(s.name());
      if (fs == null) {
        out.printf(Locale.ROOT, "%-46s skipped: %s%n", s.label(), skipped.get(s.name()));
        continue;
      }
      out.printf(
          Locale.ROOT,
          "%-46s %11s %11s %11s %7s %11s %11s %11s%n",
          s.label(),
          range(fs, f -> f.forward()[0]),
          range(fs, f -> f.forward()[1]),
          range(fs, f -> f.forward()[2]),
          range(fs, f -> f.forward()[1] / f.forward()[0], "%.2f"),
          range(fs, Figures::train),
          String.format(
              Locale.ROOT,
              "%.0f%%/%.0f%%",
              100 * mean(fs, Figures::forwardKernelShare),
              100 * mean(fs, Figures::trainKernelShare)),
          String.format(
              Locale.ROOT,
              "%.0f/%.0f",
              mean(fs, Figures::forwardPeakMiB),
              mean(fs, Figures::trainPeakMiB)));
    }
    out.println(
        "images/s (min-max over rounds); 32 / 8: compact's batch 32 over batch 8; kernel: share"
            + " of CPU time in the kernel, forward/training; peak: the children's peak RSS,"
            + " forward/training");
    out.flush();
  }

  static List<Setting> chosen(List<String> names) {
    if (names == null || names.isEmpty()) {
      return SETTINGS;
    }
    List<Setting> chosen = new ArrayList<>();
    for (String n : names) {
      Optional<Setting> s = SETTINGS.stream().filter(x -> x.name().equals(n.strip())).findFirst();
      if (s.isEmpty()) {
        throw new UsageException(
            "--settings: unknown "
                + n
                + "; known: "
                + SETTINGS.stream().map(Setting::name).collect(Collectors.joining(", ")));
      }
      chosen.add(s.get());
    }
    return chosen;
  }

  /** Runs the probe in a child JVM with the setting's environment and returns its output. */
  static String runChild(Setting s, List<String> args) throws IOException, InterruptedException {
    List<String> jvm =
        List.of(
            "--add-opens",
            "java.base/java.nio=ALL-UNNAMED",
            "--add-opens",
            "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.lang=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.util=ALL-UNNAMED",
            "-Doffline=true");
    List<String> classpath =
        Arrays.asList(System.getProperty("java.class.path").split(java.io.File.pathSeparator));
    return ChildJvm.run(AllocatorProbe.class.getName(), classpath, jvm, args, s.environment(), 900);
  }

  /** Reads a child's output: {@code allocator}, {@code forward}/{@code train}, cpu, rss lines. */
  static Child parse(String output) throws IOException {
    String allocator = null;
    List<Double> figures = new ArrayList<>();
    long[] cpu = null;
    double peak = Double.NaN;
    for (String line : output.split("\n")) {
      String[] w = line.strip().split(" ");
      switch (w[0]) {
        case "allocator" -> allocator = line.strip().substring("allocator ".length());
        case "forward", "train" -> figures.add(Double.parseDouble(w[3]));
        case "cpu" -> cpu = new long[] {Long.parseLong(w[1]), Long.parseLong(w[2])};
        case "rss" -> peak = Double.parseDouble(w[1]) / 1024;
        default -> {}
      }
    }
    if (allocator == null || figures.isEmpty() || cpu == null) {
      throw new IOException("the child printed no figures: " + ChildJvm.tail(output));
    }
    return new Child(
        allocator,
        figures.stream().mapToDouble(Double::doubleValue).toArray(),
        cpu[0],
        cpu[1],
        peak);
  }

  private static String range(List<Figures> fs, java.util.function.ToDoubleFunction<Figures> f) {
    return range(fs, f, "%.1f");
  }

  private static String range(
      List<Figures> fs, java.util.function.ToDoubleFunction<Figures> f, String format) {
    double min = fs.stream().mapToDouble(f).min().orElse(Double.NaN);
    double max = fs.stream().mapToDouble(f).max().orElse(Double.NaN);
    String lo = String.format(Locale.ROOT, format, min);
    String hi = String.format(Locale.ROOT, format, max);
    return lo.equals(hi) ? lo : lo + "-" + hi;
  }

  private static double mean(List<Figures> fs, java.util.function.ToDoubleFunction<Figures> f) {
    return fs.stream().mapToDouble(f).average().orElse(Double.NaN);
  }
}
