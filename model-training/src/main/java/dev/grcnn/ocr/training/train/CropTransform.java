package dev.grcnn.ocr.training.train;

import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * What the loader does to a decoded training crop before it becomes the network input:
 * augmentation, drawn from a {@link Random} seeded by the sample's position so that a resumed run
 * sees the same pixels.
 */
@FunctionalInterface
public interface CropTransform {

  /** Leaves crops as they are. */
  CropTransform NONE = (crop, random) -> crop;

  /** The transformed crop (may be the same object). Must be safe to call from several threads. */
  BufferedImage apply(BufferedImage crop, Random random);
}
