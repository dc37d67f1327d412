package dev.grcnn.ocr.training.augment;

import java.util.Random;

/**
 * Shot noise: photon counting, so brighter pixels are noisier, by the Gaussian approximation of a
 * Poisson count (variance proportional to the signal), clipped at black and white. Strength: the
 * photons that make white; fewer is noisier (the deviation at white is 255 / sqrt(strength)).
 */
final class ShotNoise implements Transform {

  @Override
  public Plane apply(Plane in, double strength, Random random) {
    double perLevel = 255.0 / strength;
    for (int i = 0; i < in.v.length; i++) {
      float x = Plane.clamp255(in.v[i]);
      double sd = Math.sqrt(x * perLevel);
      in.v[i] = Plane.clamp255(x + (float) (sd * random.nextGaussian()));
    }
    return in;
  }
}
