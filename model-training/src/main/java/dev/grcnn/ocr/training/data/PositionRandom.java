package dev.grcnn.ocr.training.data;

import java.util.Random;

/**
 * The random stream of one position of a deterministic sample stream: a function of the seed and
 * the position alone, so that a resumed run draws the same sample at the same position, whatever
 * thread or order builds it. Each user adds its own salt, so that the renderer and the augmentation
 * of the same position draw unrelated streams.
 */
public final class PositionRandom {

  private PositionRandom() {}

  /** A {@link Random} for {@code position} of the stream of {@code seed}, apart by {@code salt}. */
  public static Random of(long seed, long position, long salt) {
    // SplitMix64 finaliser: neighbouring positions get unrelated streams.
    long z = seed * 0x9E3779B97F4A7C15L + position + salt;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return new Random(z ^ (z >>> 31));
  }
}
