package dev.grcnn.ocr.training.augment;

import java.util.Random;

/**
 * One augmentation. Implementations are stateless (safe to share between threads), draw every
 * random choice from the {@code Random} given, and accept any plane of at least 1x1.
 */
interface Transform {

  /**
   * Applies the transform.
   *
   * @param in the crop; may be modified in place and returned, or left alone
   * @param strength the strength drawn from the profile's range, in the unit {@link Family} gives
   * @param random the source of every other random choice (direction, angle, noise)
   * @return the transformed crop, at least 1x1
   */
  Plane apply(Plane in, double strength, Random random);
}
