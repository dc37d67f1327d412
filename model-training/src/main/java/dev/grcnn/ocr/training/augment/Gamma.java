package dev.grcnn.ocr.training.augment;

import java.util.Random;

/**
 * A gamma curve: dark tones pressed down or opened up (camera response, lighting). The direction is
 * random, except that, as in {@link Brightness}, a crop is not pushed further towards black or
 * white when that would take its mean beyond the limits there. Strength: the exponent's size, g or
 * 1/g (1 changes nothing).
 */
final class Gamma implements Transform {

  @Override
  public Plane apply(Plane in, double strength, Random random) {
    double gamma = random.nextBoolean() ? strength : 1 / strength;
    double mean = 255 * StrictMath.pow(Plane.clamp255(in.mean()) / 255.0, gamma);
    if (mean < Brightness.DARKEST || mean > Brightness.LIGHTEST) {
      gamma = 1 / gamma; // (the mean of the curve is not the curve of the mean; near enough)
    }
    float[] table = new float[257]; // the curve at every grey level, linear between
    for (int i = 0; i < table.length; i++) {
      table[i] = (float) (255 * StrictMath.pow(Math.min(i, 255) / 255.0, gamma));
    }
    for (int i = 0; i < in.v.length; i++) {
      float x = Plane.clamp255(in.v[i]);
      int lo = (int) x;
      in.v[i] = table[lo] + (x - lo) * (table[lo + 1] - table[lo]);
    }
    return in;
  }
}
