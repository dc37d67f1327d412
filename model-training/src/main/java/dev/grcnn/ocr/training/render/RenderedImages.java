package dev.grcnn.ocr.training.render;

import dev.grcnn.ocr.training.train.LabeledImages;

/**
 * A virtual training set: sample i is rendered when it is asked for, the same for a seed every
 * time, so training can see millions of distinct words without writing them to disk first.
 */
public final class RenderedImages implements LabeledImages {

  private final WordRenderer renderer;
  private final int size;

  /** The first {@code size} samples of a renderer. */
  public RenderedImages(WordRenderer renderer, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("a rendered set needs at least one sample");
    }
    this.renderer = renderer;
    this.size = size;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Sample get(int index) {
    WordRenderer.Sample s = renderer.render(index);
    return new Sample(s.image(), s.label());
  }
}
