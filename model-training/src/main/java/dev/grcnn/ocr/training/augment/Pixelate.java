package dev.grcnn.ocr.training.augment;

import java.util.Random;

/**
 * Pixelation: averaged over square blocks and enlarged back without smoothing (digital zoom, heavy
 * downsampling in a pipeline). Block size relative to the resolution the network sees, as in {@link
 * LowResolution}, with the same floor. Strength: the block size in network pixels.
 */
final class Pixelate implements Transform {

  @Override
  public Plane apply(Plane in, double strength, Random random) {
    int target = LowResolution.target(in, 1 / strength);
    if (target >= in.height) {
      return in;
    }
    int w = (int) Math.max(1, Math.round(in.width * (double) target / in.height));
    return in.resized(w, target, false).resized(in.width, in.height, true);
  }
}
