package dev.grcnn.ocr.training.augment;

/**
 * The augmentations, in the order they are applied: the scene's geometry first, then lighting, then
 * what the camera and the pipeline do (blur, noise, compression). Each belongs to a {@link Group};
 * at most one of a group is applied to a crop, so two blurs or two noises never stack. Each
 * constant's documentation gives the unit of its strength; "network pixels" are 1/32 of the crop
 * height, one pixel of the 32-pixel-high network input.
 */
public enum Family {
  /** Text bent along an arc; strength: the sag as a fraction of the crop height. */
  CURVE(Group.WARP, new Curve()),
  /** The word seen at an angle; strength: how much more the far side shows (fraction). */
  PERSPECTIVE(Group.WARP, new Perspective()),
  /** Rotation either way, the box grown to hold it; strength: degrees. */
  ROTATION(Group.GEOMETRY, new Rotation()),
  /** Horizontal shear either way (italic); strength: shift per pixel of height. */
  SHEAR(Group.GEOMETRY, new Shear()),
  /** Uneven horizontal stretch of 3-6 strips; strength: the largest relative change of one. */
  STRETCH(Group.GEOMETRY, new Stretch()),
  /** Each side padded (edge repeated or mirrored) or cut; strength: the largest pad, network px. */
  CROP_JITTER(Group.CROP, new CropJitter()),
  /** Pulled towards the mean; strength: the factor of contrast kept (1: unchanged). */
  CONTRAST(Group.LIGHTING, new Contrast()),
  /**
   * Brighter or darker, clipped, not pushing the mean below 40 or above 215; strength: the shift as
   * a fraction of the grey range.
   */
  BRIGHTNESS(Group.LIGHTING, new Brightness()),
  /** A gamma curve, g or 1/g, with the same limits; strength: g (1: unchanged). */
  GAMMA(Group.LIGHTING, new Gamma()),
  /** Light on dark and dark on light swapped; strength: unused. */
  INVERT(Group.LIGHTING, new Invert()),
  /** Gaussian blur; strength: sigma in network pixels. */
  GAUSSIAN_BLUR(Group.BLUR, new GaussianBlur()),
  /** Motion blur along a random direction; strength: its length in network pixels. */
  MOTION_BLUR(Group.BLUR, new MotionBlur()),
  /** Defocus (disc) blur; strength: the disc's radius in network pixels. */
  DEFOCUS_BLUR(Group.BLUR, new DefocusBlur()),
  /** Shrunk and enlarged back; strength: the factor of the seen resolution kept (floor 10 px). */
  LOW_RESOLUTION(Group.BLUR, new LowResolution()),
  /** Additive Gaussian noise; strength: its standard deviation in grey levels. */
  GAUSSIAN_NOISE(Group.NOISE, new GaussianNoise()),
  /** Signal-dependent shot noise; strength: photons at white (fewer is noisier). */
  SHOT_NOISE(Group.NOISE, new ShotNoise()),
  /** JPEG encoded and decoded; strength: the quality in [0, 1]. */
  JPEG(Group.PROCESS, new JpegCompression()),
  /** Block averages shown as blocks; strength: the block size in network pixels. */
  PIXELATE(Group.PROCESS, new Pixelate());

  /**
   * Families that would not stack well, roughly the families of STRAug (Atienza 2021, "Data
   * Augmentation for Scene Text Recognition"): warp, geometry, camera (lighting), blur, noise,
   * process; its pattern and weather families are left out, and crop jitter is a group of its own.
   */
  public enum Group {
    WARP,
    GEOMETRY,
    CROP,
    LIGHTING,
    BLUR,
    NOISE,
    PROCESS
  }

  private final Group group;
  private final Transform transform;

  Family(Group group, Transform transform) {
    this.group = group;
    this.transform = transform;
  }

  /** The group of which at most one family is applied. */
  public Group group() {
    return group;
  }

  Transform transform() {
    return transform;
  }
}
