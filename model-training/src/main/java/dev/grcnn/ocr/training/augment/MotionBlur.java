package dev.grcnn.ocr.training.augment;

import java.util.Random;

/**
 * Motion blur along a random direction (camera shake or a moving camera): each pixel the mean of
 * samples spaced at most a pixel apart on a line through it. Strength: the line's length in network
 * pixels (1/32 of the crop height).
 */
final class MotionBlur implements Transform {

  @Override
  public Plane apply(Plane in, double strength, Random random) {
    double angle = Math.PI * random.nextDouble();
    double length = strength * in.unit();
    if (length < 0.5) {
      return in;
    }
    int taps = (int) Math.ceil(length) + 1;
    double[] dx = new double[taps];
    double[] dy = new double[taps];
    for (int i = 0; i < taps; i++) {
      double t = (i / (taps - 1.0) - 0.5) * length;
      dx[i] = t * StrictMath.cos(angle);
      dy[i] = t * StrictMath.sin(angle);
    }
    float scale = 1f / taps;
    Plane out = new Plane(in.width, in.height);
    for (int y = 0; y < in.height; y++) {
      for (int x = 0; x < in.width; x++) {
        float acc = 0;
        for (int i = 0; i < taps; i++) {
          acc += in.sample(x + dx[i], y + dy[i]);
        }
        out.v[y * in.width + x] = acc * scale;
      }
    }
    return out;
  }
}
