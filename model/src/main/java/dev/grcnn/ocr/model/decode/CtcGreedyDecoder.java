package dev.grcnn.ocr.model.decode;

import dev.grcnn.ocr.model.Alphabet;

/** Best-path CTC decoding: the most likely class at each step, repeats merged, blanks dropped. */
public final class CtcGreedyDecoder {

  private CtcGreedyDecoder() {}

  /**
   * Decodes one sequence.
   *
   * @param logProbs [T][classes] log-probabilities
   * @param alphabet the classes
   * @return the text of the best path
   */
  public static String decode(float[][] logProbs, Alphabet alphabet) {
    StringBuilder out = new StringBuilder();
    int previous = Alphabet.BLANK;
    for (float[] step : logProbs) {
      int best = argmax(step);
      if (best != Alphabet.BLANK && best != previous) {
        out.append(alphabet.charAt(best));
      }
      previous = best;
    }
    return out.toString();
  }

  static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
