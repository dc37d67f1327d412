package dev.grcnn.ocr.model.decode;

import dev.grcnn.ocr.model.Alphabet;

/**
 * A recognised word.
 *
 * @param text the answer
 * @param confidence P(text | image) under CTC, in [0, 1]
 * @param greedyText the best-path text, which equals {@code text} without a lexicon
 * @param method how {@code text} was chosen
 */
public record Recognition(String text, double confidence, String greedyText, DecodeMethod method) {

  /** Best-path decoding with the CTC probability of the result as its confidence. */
  public static Recognition greedy(float[][] logProbs, Alphabet alphabet) {
    String text = CtcGreedyDecoder.decode(logProbs, alphabet);
    double logP = CtcScorer.logProbability(logProbs, alphabet.encode(text).orElseThrow(), 0);
    return new Recognition(text, Math.exp(logP), text, DecodeMethod.GREEDY);
  }
}
