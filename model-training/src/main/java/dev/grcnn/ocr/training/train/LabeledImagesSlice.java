package dev.grcnn.ocr.training.train;

/** A contiguous range of another set's samples. */
record LabeledImagesSlice(LabeledImages data, int from, int to) implements LabeledImages {

  LabeledImagesSlice {
    if (from < 0 || to > data.size() || from > to) {
      throw new IllegalArgumentException(
          "slice [" + from + ", " + to + ") of " + data.size() + " samples");
    }
  }

  @Override
  public int size() {
    return to - from;
  }

  @Override
  public Sample get(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException(index);
    }
    return data.get(from + index);
  }
}
