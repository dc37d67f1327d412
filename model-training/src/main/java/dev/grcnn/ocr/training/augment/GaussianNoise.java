package dev.grcnn.ocr.training.augment;

import java.util.Random;

/**
 * Additive Gaussian noise, the same on every pixel (sensor read noise), clipped at black and white.
 * Strength: the standard deviation in grey levels (of 255).
 */
final class GaussianNoise implements Transform {

  @Override
  public Plane apply(Plane in, double strength, Random random) {
    for (int i = 0; i < in.v.length; i++) {
      in.v[i] = Plane.clamp255(in.v[i] + (float) (strength * random.nextGaussian()));
    }
    return in;
  }
}
