package dev.grcnn.ocr.model.decode;

import dev.grcnn.ocr.model.Alphabet;
import java.util.List;

/**
 * A recognised word.
 *
 * @param text the answer
 * @param confidence P(text | image) under CTC, in [0, 1]
 * @param greedyText the best-path text, which equals {@code text} without a lexicon
 * @param method how {@code text} was chosen
 * @param characterConfidences per character of {@code text}, its probability along the text's most
 *     likely path (for the greedy text, the best path)
 */
public record Recognition(
    String text,
    double confidence,
    String greedyText,
    DecodeMethod method,
    List<Double> characterConfidences) {

  /** Copies the list. */
  public Recognition {
    characterConfidences = List.copyOf(characterConfidences);
  }

  /** Best-path decoding with the CTC probability of the result as its confidence. */
  public static Recognition greedy(float[][] logProbs, Alphabet alphabet) {
    String text = CtcGreedyDecoder.decode(logProbs, alphabet);
    return of(text, logProbs, alphabet, text, DecodeMethod.GREEDY);
  }

  /** The reading {@code text} of {@code logProbs}, scored, with its character confidences. */
  static Recognition of(
      String text, float[][] logProbs, Alphabet alphabet, String greedyText, DecodeMethod method) {
    int[] labels = alphabet.encode(text).orElseThrow();
    double logP = CtcScorer.logProbability(logProbs, labels, Alphabet.BLANK);
    double[] perChar = CtcAlignment.characterProbabilities(logProbs, labels, Alphabet.BLANK);
    return new Recognition(
        text,
        Math.exp(logP),
        greedyText,
        method,
        java.util.Arrays.stream(perChar).boxed().toList());
  }
}
