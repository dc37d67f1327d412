package dev.grcnn.ocr.training.augment;

import dev.grcnn.ocr.model.GrcnnConfig;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Augments training crops on the fly, right before {@link
 * dev.grcnn.ocr.model.image.ImagePreprocessor#toInput} turns them into the network input: a few
 * transforms of the kinds scene-text recognition was found to gain from (STRAug, Atienza 2021),
 * picked and dosed by an {@link AugmentProfile}.
 *
 * <p>A crop that gets no transform comes back as the very same object. Otherwise it is turned grey
 * (the network sees luminance only, computed as {@code toInput} does), brought down to at most
 * twice the network's resolution when it is larger still (at least 64 pixels high or 200 wide are
 * kept; {@code toInput} would throw the rest away), transformed, and returned as an RGB image with
 * equal channels, of whatever size the transforms made (at least 1x1).
 *
 * <p>Immutable and thread-safe; the result depends only on the crop and the {@code Random}'s state,
 * of which it draws a varying number of values (the transcendental functions are {@link
 * StrictMath}'s and the JPEG codec is the JDK's, so the pixels are the same on any thread, and on
 * any machine with the same JDK).
 */
public final class Augmenter {

  private static final Augmenter STANDARD = new Augmenter(AugmentProfile.standard());
  private static final Augmenter NONE = new Augmenter(AugmentProfile.none());

  /** Work is done at no more than this many times the network's resolution. */
  static final int OVERSAMPLE = 2;

  private final AugmentProfile profile;
  private final boolean none;

  private Augmenter(AugmentProfile profile) {
    this.profile = profile;
    this.none = profile.isNone();
  }

  /** The documented default mix, {@link AugmentProfile#standard()}. */
  public static Augmenter standard() {
    return STANDARD;
  }

  /** Returns every crop unchanged (for validation). */
  public static Augmenter none() {
    return NONE;
  }

  /** An augmenter with another mix. */
  public static Augmenter of(AugmentProfile profile) {
    return new Augmenter(profile);
  }

  /** The mix applied. */
  public AugmentProfile profile() {
    return profile;
  }

  /**
   * Augments a crop.
   *
   * @param crop any image of at least 1x1; not modified
   * @param random the source of every random choice; the same state gives the same pixels
   * @return the crop itself when nothing was applied, otherwise a new grey image of at least 1x1
   */
  public BufferedImage apply(BufferedImage crop, Random random) {
    return run(crop, random).image();
  }

  /** An augmented crop and the families applied to it, in order. */
  record Outcome(BufferedImage image, List<Family> applied) {}

  Outcome run(BufferedImage crop, Random random) {
    if (none) {
      return new Outcome(crop, List.of());
    }
    List<Family> chosen = choose(random);
    if (chosen.isEmpty()) {
      return new Outcome(crop, chosen);
    }
    Plane plane = working(Plane.of(crop));
    for (Family f : chosen) {
      AugmentProfile.Setting s = profile.setting(f);
      double strength = s.min() + (s.max() - s.min()) * random.nextDouble();
      plane = f.transform().apply(plane, strength, random);
    }
    return new Outcome(plane.toImage(), chosen);
  }

  /** At most one family of each group, then at most {@code maxTransforms} of them, in order. */
  private List<Family> choose(Random random) {
    List<Family> chosen = new ArrayList<>(4);
    for (Family.Group g : Family.Group.values()) {
      double u = random.nextDouble(); // drawn for every group, fired or not
      double edge = 0;
      for (Family f : Family.values()) {
        if (f.group() != g) {
          continue;
        }
        edge += profile.setting(f).probability();
        if (u < edge) {
          chosen.add(f);
          break;
        }
      }
    }
    while (chosen.size() > profile.maxTransforms()) {
      chosen.remove(random.nextInt(chosen.size()));
    }
    return chosen;
  }

  /** The plane itself, or shrunk while both sides exceed twice the network input's. */
  static Plane working(Plane p) {
    double scale =
        Math.max(
            OVERSAMPLE * GrcnnConfig.HEIGHT / (double) p.height,
            OVERSAMPLE * GrcnnConfig.WIDTH / (double) p.width);
    if (scale >= 1) {
      return p;
    }
    return p.resized((int) Math.round(p.width * scale), (int) Math.round(p.height * scale), false);
  }
}
