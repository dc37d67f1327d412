package dev.grcnn.ocr.training.augment;

import dev.grcnn.ocr.model.image.ImagePreprocessor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Measures what augmentation costs per crop, on one thread: the mean over a folder of crops (all of
 * them, decoded beforehand) with {@link Augmenter#standard()}, then each family alone on a share of
 * them, and {@code toInput} for comparison. Thread CPU time, so that other processes on the machine
 * inflate it less (on a loaded machine the per-family figures still wander by a factor of 2); one
 * untimed pass before each timed one, for the JIT.
 *
 * <pre>
 * java -cp ... dev.grcnn.ocr.training.augment.AugmentCost [data-dir] [crops-per-family]
 * </pre>
 */
public final class AugmentCost {

  private AugmentCost() {}

  /** Prints the costs; arguments as in the class documentation. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "../shared/data/ic15-train");
    int perFamily = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    List<AugmentSheet.Crop> crops = AugmentSheet.load(dir, Integer.MAX_VALUE, 1);
    System.out.printf(Locale.ROOT, "%d crops from %s%n", crops.size(), dir);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();

    Augmenter standard = Augmenter.standard();
    long sink = pass(crops, standard, crops.size(), 1); // warm-up
    long start = cpu.getCurrentThreadCpuTime();
    long wall = System.nanoTime();
    sink += pass(crops, standard, crops.size(), 2);
    long used = cpu.getCurrentThreadCpuTime() - start;
    wall = System.nanoTime() - wall;
    System.out.printf(
        Locale.ROOT,
        "standard mix: %.3f ms CPU per crop (%.3f ms wall)%n",
        used / 1e6 / crops.size(),
        wall / 1e6 / crops.size());

    for (int round = 0; round < 2; round++) { // the first round warms up
      start = cpu.getCurrentThreadCpuTime();
      for (AugmentSheet.Crop c : crops) {
        sink += Float.floatToIntBits(ImagePreprocessor.toInput(c.image())[0]);
      }
      used = cpu.getCurrentThreadCpuTime() - start;
    }
    System.out.printf(
        Locale.ROOT, "toInput alone: %.3f ms CPU per crop%n", used / 1e6 / crops.size());

    int n = Math.min(perFamily, crops.size());
    for (Family f : Family.values()) {
      AugmentProfile.Setting s = AugmentProfile.standard().setting(f);
      Augmenter only = Augmenter.of(AugmentProfile.only(f, (s.min() + s.max()) / 2));
      sink += pass(crops, only, n, 3);
      start = cpu.getCurrentThreadCpuTime();
      sink += pass(crops, only, n, 4);
      used = cpu.getCurrentThreadCpuTime() - start;
      System.out.printf(
          Locale.ROOT,
          "  %-15s %.3f ms CPU per crop when applied%n",
          f.name().toLowerCase(Locale.ROOT),
          used / 1e6 / n);
    }
    System.out.println(sink == 42 ? "" : "done");
  }

  private static long pass(List<AugmentSheet.Crop> crops, Augmenter a, int n, long seed) {
    Random random = new Random(seed);
    long sink = 0;
    for (int i = 0; i < n; i++) {
      sink += a.apply(crops.get(i).image(), random).getWidth();
    }
    return sink;
  }
}
