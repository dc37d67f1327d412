package dev.grcnn.ocr.local;

import dev.grcnn.ocr.testkit.HostileImages;
import dev.grcnn.ocr.testkit.WordCrops;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Records the job must refuse, for the benchmark that checks that they do not slow the good ones
 * down: random bytes, a truncated PNG, a PNG whose header claims 100000x100000 pixels, and an empty
 * value. Each becomes a dead letter.
 */
final class HostileRecords {

  private HostileRecords() {}

  /** One of each kind, then random-byte variants, {@code n} in all. */
  static List<byte[]> make(int n, long seed) {
    Random random = new Random(seed);
    byte[] good = WordCrops.png("hostile");
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      switch (i % 4) {
        case 0 -> {
          byte[] noise = new byte[200 + random.nextInt(2000)];
          random.nextBytes(noise);
          out.add(noise);
        }
        case 1 -> out.add(Arrays.copyOf(good, good.length / 2));
        case 2 -> out.add(HostileImages.pngClaiming(100_000, 100_000));
        default -> out.add(new byte[0]);
      }
    }
    return out;
  }
}
