package dev.grcnn.ocr.training.augment;

import dev.grcnn.ocr.model.GrcnnConfig;
import java.util.Random;

/**
 * Low resolution: shrunk (area average) and enlarged back (bilinear), as a far-away word or a small
 * detection upsampled is. The resolution the network sees is the crop's height, or 32 when the crop
 * is taller; the crop is brought to the strength times that, but never below 10 pixels high, so
 * already tiny crops lose little more. Strength: that factor.
 */
final class LowResolution implements Transform {

  /** Text height below which nothing is taken away. */
  static final int MIN_HEIGHT = 10;

  @Override
  public Plane apply(Plane in, double strength, Random random) {
    int target = target(in, strength);
    if (target >= in.height) {
      return in;
    }
    int w = (int) Math.max(1, Math.round(in.width * (double) target / in.height));
    return in.resized(w, target, false).resized(in.width, in.height, false);
  }

  /** The height to bring a crop to, at most its own. */
  static int target(Plane in, double factor) {
    int seen = Math.min(in.height, GrcnnConfig.HEIGHT);
    long t = Math.round(factor * seen);
    return (int) Math.min(in.height, Math.max(Math.min(MIN_HEIGHT, in.height), t));
  }
}
