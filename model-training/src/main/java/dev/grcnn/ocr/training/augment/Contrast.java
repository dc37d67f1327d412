package dev.grcnn.ocr.training.augment;

import java.util.Random;

/**
 * Lower contrast: every pixel pulled towards the crop's mean (faded paint, haze, a dull sign).
 * Strength: the factor kept of each pixel's distance from the mean (1 changes nothing).
 */
final class Contrast implements Transform {

  @Override
  public Plane apply(Plane in, double strength, Random random) {
    float mean = in.mean();
    float k = (float) strength;
    for (int i = 0; i < in.v.length; i++) {
      in.v[i] = Plane.clamp255(mean + k * (in.v[i] - mean));
    }
    return in;
  }
}
