package dev.grcnn.ocr.training.augment;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * How often and how strongly each {@link Family} is applied: the one place the mix is set.
 *
 * <p>For every {@link Family.Group} one uniform number picks at most one of its families, each with
 * its {@link Setting#probability} (so the probabilities of a group add up to at most 1, and the
 * chance that the group does anything is their sum). If more than {@code maxTransforms} groups
 * fired, that many of them, chosen at random, are kept. The chosen families run in {@link Family}
 * order, each with a strength drawn uniformly from its {@link Setting#min}..{@link Setting#max}.
 *
 * <p>{@link #standard()}: per crop, P(group fires), and in it P(family) and strength range:
 *
 * <pre>
 * group      P     family           P     strength        unit
 * warp       0.12  curve            0.04  0.12 - 0.30     sag / crop height
 *                  perspective      0.08  0.10 - 0.30     extra view on the far side / height
 * geometry   0.24  rotation         0.08  1.0 - 4.0       degrees
 *                  shear            0.08  0.10 - 0.30     x shift per pixel of height
 *                  stretch          0.08  0.15 - 0.35     largest change of a strip's width
 * crop       0.25  crop jitter      0.25  1.5 - 4.0       largest pad per side, network px
 *                                                         (cuts: 1/2 of it sideways, 0.35 top/bottom)
 * lighting   0.22  contrast         0.08  0.50 - 0.85     contrast kept
 *                  brightness       0.06  0.08 - 0.22     shift / 255 (mean kept in 40 - 215)
 *                  gamma            0.06  1.25 - 1.7      g or 1/g (mean kept in 40 - 215)
 *                  invert           0.02  -               -
 * blur       0.22  gaussian blur    0.07  0.4 - 0.9       sigma, network px
 *                  motion blur      0.05  1.5 - 3.0       length, network px
 *                  defocus blur     0.03  0.7 - 1.3       radius, network px
 *                  low resolution   0.07  0.50 - 0.80     resolution kept (floor 10 px)
 * noise      0.12  gaussian noise   0.07  3 - 9           sd, grey levels
 *                  shot noise       0.05  400 - 1200      photons at white (sd 13 - 7)
 * process    0.10  jpeg             0.07  0.15 - 0.45     quality
 *                  pixelate         0.03  1.2 - 1.6       block, network px
 * at most 3 transforms; clean (nothing applied) 0.24 of crops; 1.25 transforms on average
 * </pre>
 *
 * <p>"Network px" are 1/32 of the crop height, one pixel of the network input, so that a blur is as
 * strong to the network on a 15-pixel-high crop as on a 60-pixel-high one. The strengths are mild
 * on purpose: real ICDAR 2015 crops are already small and blurry, and a word that a person cannot
 * read any more only teaches the model to guess.
 *
 * @param settings per family; a family missing is never applied
 * @param maxTransforms at most this many transforms on one crop
 */
public record AugmentProfile(Map<Family, Setting> settings, int maxTransforms) {

  /**
   * One family's setting.
   *
   * @param probability the chance, per crop, that this family is the one its group applies
   * @param min the weakest strength, in the family's unit
   * @param max the strongest strength
   */
  public record Setting(double probability, double min, double max) {

    /** Never applied. */
    public static final Setting OFF = new Setting(0, 0, 0);

    public Setting {
      if (!(probability >= 0 && probability <= 1)) {
        throw new IllegalArgumentException("probability must be in [0, 1]: " + probability);
      }
      if (!(min <= max) || !Double.isFinite(min) || !Double.isFinite(max)) {
        throw new IllegalArgumentException("strength range is not min <= max: " + min + ", " + max);
      }
    }
  }

  public AugmentProfile {
    EnumMap<Family, Setting> copy = new EnumMap<>(Family.class);
    for (Family f : Family.values()) {
      Setting s = settings.get(f);
      copy.put(f, s == null ? Setting.OFF : s);
    }
    for (Family.Group g : Family.Group.values()) {
      double sum = 0;
      for (Family f : Family.values()) {
        sum += f.group() == g ? copy.get(f).probability() : 0;
      }
      if (sum > 1 + 1e-9) {
        throw new IllegalArgumentException(
            "the probabilities of group " + g + " add up to " + sum + ", more than 1");
      }
    }
    if (maxTransforms < 0) {
      throw new IllegalArgumentException("maxTransforms must not be negative");
    }
    settings = Collections.unmodifiableMap(copy);
  }

  /** The default mix, as the table above gives it. */
  public static AugmentProfile standard() {
    Map<Family, Setting> s = new EnumMap<>(Family.class);
    s.put(Family.CURVE, new Setting(0.04, 0.12, 0.30));
    s.put(Family.PERSPECTIVE, new Setting(0.08, 0.10, 0.30));
    s.put(Family.ROTATION, new Setting(0.08, 1.0, 4.0));
    s.put(Family.SHEAR, new Setting(0.08, 0.10, 0.30));
    s.put(Family.STRETCH, new Setting(0.08, 0.15, 0.35));
    s.put(Family.CROP_JITTER, new Setting(0.25, 1.5, 4.0));
    s.put(Family.CONTRAST, new Setting(0.08, 0.50, 0.85));
    s.put(Family.BRIGHTNESS, new Setting(0.06, 0.08, 0.22));
    s.put(Family.GAMMA, new Setting(0.06, 1.25, 1.7));
    s.put(Family.INVERT, new Setting(0.02, 0, 0));
    s.put(Family.GAUSSIAN_BLUR, new Setting(0.07, 0.4, 0.9));
    s.put(Family.MOTION_BLUR, new Setting(0.05, 1.5, 3.0));
    s.put(Family.DEFOCUS_BLUR, new Setting(0.03, 0.7, 1.3));
    s.put(Family.LOW_RESOLUTION, new Setting(0.07, 0.50, 0.80));
    s.put(Family.GAUSSIAN_NOISE, new Setting(0.07, 3, 9));
    s.put(Family.SHOT_NOISE, new Setting(0.05, 400, 1200));
    s.put(Family.JPEG, new Setting(0.07, 0.15, 0.45));
    s.put(Family.PIXELATE, new Setting(0.03, 1.2, 1.6));
    return new AugmentProfile(s, 3);
  }

  /** Nothing is ever applied. */
  public static AugmentProfile none() {
    return new AugmentProfile(Map.of(), 0);
  }

  /** One family always, at one strength, nothing else: for tests and for looking at a family. */
  public static AugmentProfile only(Family family, double strength) {
    return new AugmentProfile(Map.of(family, new Setting(1, strength, strength)), 1);
  }

  /** This profile with one family's setting replaced. */
  public AugmentProfile with(Family family, Setting setting) {
    Map<Family, Setting> s = new EnumMap<>(settings);
    s.put(family, setting);
    return new AugmentProfile(s, maxTransforms);
  }

  /** This profile's setting for a family ({@link Setting#OFF} if never applied). */
  public Setting setting(Family family) {
    return settings.get(family);
  }

  /** The chance that a group applies one of its families. */
  public double probability(Family.Group group) {
    double sum = 0;
    for (Family f : Family.values()) {
      sum += f.group() == group ? settings.get(f).probability() : 0;
    }
    return Math.min(1, sum);
  }

  /** The share of crops left exactly as they are. */
  public double cleanShare() {
    if (maxTransforms == 0) {
      return 1;
    }
    double clean = 1;
    for (Family.Group g : Family.Group.values()) {
      clean *= 1 - probability(g);
    }
    return clean;
  }

  /** True when no crop is ever changed. */
  public boolean isNone() {
    return cleanShare() >= 1;
  }
}
