package dev.grcnn.ocr.cli;

import ai.djl.Device;
import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.ModelInfo;
import dev.grcnn.ocr.model.NativeAllocator;
import dev.grcnn.ocr.model.OcrModel;
import dev.grcnn.ocr.training.render.RenderedImages;
import dev.grcnn.ocr.training.render.WordRenderer;
import dev.grcnn.ocr.training.train.Batch;
import dev.grcnn.ocr.training.train.BatchLoader;
import dev.grcnn.ocr.training.train.CropTransform;
import dev.grcnn.ocr.training.train.OcrTrainer;
import dev.grcnn.ocr.training.train.SampleStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The child JVM of {@code ocr bench allocators}: runs under one allocator setting (given by its
 * environment) the forward measurements of {@code ocr bench forward} or a short training
 * measurement, and prints one {@code key value...} line per figure for the parent to read.
 *
 * <p>Arguments: {@code forward SECONDS} (the forward cells, SECONDS each), {@code train SECONDS},
 * or {@code --describe} (only the allocator line).
 */
public final class AllocatorProbe {

  /** A config at a batch size. */
  record Cell(String config, int batch) {}

  /** The forward cells, in the order of the table's columns. */
  static final List<Cell> FORWARD =
      List.of(new Cell("compact", 8), new Cell("compact", 32), new Cell("paper", 32));

  /** The training cell. */
  static final Cell TRAIN = new Cell("compact", 64);

  private AllocatorProbe() {}

  public static void main(String[] args) throws Exception {
    System.out.println("allocator " + NativeAllocator.describeThisProcess());
    if (args[0].equals("--describe")) {
      return;
    }
    double seconds = Double.parseDouble(args[1]);
    if (args[0].equals("forward")) {
      forward(seconds);
    } else {
      train(seconds);
    }
    print("rss %d %d", status("VmHWM:"), status("VmRSS:"));
  }

  /** The forward cells in turn, as {@code ocr bench forward} measures them. */
  private static void forward(double seconds) throws IOException {
    Random random = new Random(1);
    long[] cpu0 = cpuTicks();
    for (Cell c : FORWARD) {
      try (OcrModel model =
          OcrModel.create(
              ModelInfo.untrained("bench", GrcnnConfig.byName(c.config()), Alphabet.DEFAULT),
              Device.cpu())) {
        model.network().freezeParameters(true);
        ForwardBenchmark.Result r =
            ForwardBenchmark.imagesPerSecond(model, c.batch(), seconds, random);
        print("forward %s %d %.2f", c.config(), c.batch(), r.imagesPerSecond());
      }
    }
    long[] cpu1 = cpuTicks();
    print("cpu %d %d", cpu1[0] - cpu0[0], cpu1[1] - cpu0[1]);
  }

  /**
   * Training steps in a process of their own: glibc's default mmap threshold adapts to the largest
   * buffer freed so far, so forward passes before them would change what they measure.
   */
  private static void train(double seconds) throws IOException {
    // Rendered before anything is timed: the loader's threads must not compete with the engine.
    List<Batch> batches = new ArrayList<>();
    try (BatchLoader loader =
        new BatchLoader(
            SampleStream.shuffled(
                new RenderedImages(WordRenderer.withDefaults(1), 4 * TRAIN.batch()), 1),
            Alphabet.DEFAULT,
            TRAIN.batch(),
            CropTransform.NONE,
            1,
            2,
            0)) {
      for (int i = 0; i < 3; i++) {
        batches.add(loader.next());
      }
    }
    long[] cpu0 = cpuTicks();
    double rate =
        OcrTrainer.imagesPerSecond(
            GrcnnConfig.byName(TRAIN.config()), batches, 2, seconds, Device.cpu());
    long[] cpu1 = cpuTicks();
    print("train %s %d %.2f", TRAIN.config(), TRAIN.batch(), rate);
    print("cpu %d %d", cpu1[0] - cpu0[0], cpu1[1] - cpu0[1]);
  }

  private static void print(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
    System.out.flush();
  }

  /** This process's user and kernel CPU time in clock ticks (/proc/self/stat fields 14, 15). */
  static long[] cpuTicks() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    // The command name (field 2) is in parentheses and may hold blanks: count after it.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
  }

  /** A kB figure of /proc/self/status, e.g. VmHWM (peak RSS). */
  private static long status(String key) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.substring(key.length()).strip().split("\\s+")[0]);
      }
    }
    return -1;
  }
}
