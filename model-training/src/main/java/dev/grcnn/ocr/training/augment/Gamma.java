package dev.grcnn.ocr.training.augment;

import java.util.Random;

/**
 * A gamma curve either way: dark tones opened up or pressed down (camera response, lighting).
 * Strength: the exponent's size, g or 1/g at random (1 changes nothing).
 */
final class Gamma implements Transform {

  @Override
  public Plane apply(Plane in, double strength, Random random) {
    double gamma = random.nextBoolean() ? strength : 1 / strength;
    float[] table = new float[257]; // the curve at every grey level, linear between
    for (int i = 0; i < table.length; i++) {
      table[i] = (float) (255 * Math.pow(Math.min(i, 255) / 255.0, gamma));
    }
    for (int i = 0; i < in.v.length; i++) {
      float x = Plane.clamp255(in.v[i]);
      int lo = (int) x;
      in.v[i] = table[lo] + (x - lo) * (table[lo + 1] - table[lo]);
    }
    return in;
  }
}
