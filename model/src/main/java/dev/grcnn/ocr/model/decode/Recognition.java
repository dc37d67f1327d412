package dev.grcnn.ocr.model.decode;

import dev.grcnn.ocr.model.Alphabet;
import java.util.ArrayList;
import java.util.Arrays;
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
 * @param alternatives empty unless asked for; else {@code text} with its confidence first, then the
 *     likeliest other readings (a {@link CtcPrefixBeamSearch} without a lexicon, the best other
 *     lexicon words with one), by CTC probability
 */
public record Recognition(
    String text,
    double confidence,
    String greedyText,
    DecodeMethod method,
    List<Double> characterConfidences,
    List<Alternative> alternatives) {

  /** The most alternatives a reading may carry: each one costs a CTC score per crop. */
  public static final int MAX_ALTERNATIVES = 10;

  /** Copies the lists. */
  public Recognition {
    characterConfidences = List.copyOf(characterConfidences);
    alternatives = List.copyOf(alternatives);
  }

  /** Best-path decoding with the CTC probability of the result as its confidence. */
  public static Recognition greedy(float[][] logProbs, Alphabet alphabet) {
    return greedy(logProbs, alphabet, 0);
  }

  /**
   * Best-path decoding, with up to {@code k} alternatives: the best-path text first, then the
   * likeliest other texts of a prefix beam search. The best path's text is not always the likeliest
   * text (its probability is spread over fewer paths), so a later alternative may score above the
   * first; the text stays the best path's all the same, as with {@code k} = 0.
   */
  public static Recognition greedy(float[][] logProbs, Alphabet alphabet, int k) {
    String text = CtcGreedyDecoder.decode(logProbs, alphabet);
    Recognition r = of(text, logProbs, alphabet, text, DecodeMethod.GREEDY);
    return k == 0 ? r : r.withAlternatives(beamAlternatives(r, logProbs, alphabet, k));
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
        Arrays.stream(perChar).boxed().toList(),
        List.of());
  }

  /** This reading with the given alternatives. */
  Recognition withAlternatives(List<Alternative> list) {
    return new Recognition(text, confidence, greedyText, method, characterConfidences, list);
  }

  /** The reading's text and confidence first, then the k - 1 likeliest other texts of a beam. */
  static List<Alternative> beamAlternatives(
      Recognition r, float[][] logProbs, Alphabet alphabet, int k) {
    checkAlternatives(k);
    List<Alternative> found =
        CtcPrefixBeamSearch.best(logProbs, alphabet, k, CtcPrefixBeamSearch.beamWidth(k));
    return firstThenOthers(new Alternative(r.text(), r.confidence()), found, k);
  }

  /** {@code first}, then the alternatives of {@code ranked} other than its text, k in all. */
  static List<Alternative> firstThenOthers(Alternative first, List<Alternative> ranked, int k) {
    List<Alternative> out = new ArrayList<>(k);
    out.add(first);
    for (Alternative a : ranked) {
      if (out.size() == k) {
        break;
      }
      if (!a.text().equals(first.text())) {
        out.add(a);
      }
    }
    return out;
  }

  /**
   * @throws IllegalArgumentException unless 0 <= k <= {@link #MAX_ALTERNATIVES}
   */
  public static void checkAlternatives(int k) {
    if (k < 0 || k > MAX_ALTERNATIVES) {
      throw new IllegalArgumentException(
          "alternatives must be between 0 and " + MAX_ALTERNATIVES + ", not " + k);
    }
  }
}
