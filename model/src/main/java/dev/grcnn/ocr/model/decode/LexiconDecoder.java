package dev.grcnn.ocr.model.decode;

import dev.grcnn.ocr.model.Alphabet;
import java.util.List;

/**
 * Lexicon-based CTC decoding as in CRNN: the answer is the lexicon word with the highest CTC
 * probability. A small lexicon is scored whole; a large one only on the words within an edit
 * distance of the greedy text, found through a BK-tree.
 */
public final class LexiconDecoder {

  /** CRNN's delta: candidates lie within this edit distance of the greedy text. */
  public static final int DEFAULT_MAX_DISTANCE = 3;

  /** Lexicons up to this size are scored word by word; larger ones go through the BK-tree. */
  public static final int DEFAULT_FULL_SCORE_LIMIT = 2000;

  private final Alphabet alphabet;
  private final Lexicon lexicon;
  private final int maxDistance;
  private final BkTree tree;

  /** A decoder with CRNN's defaults. */
  public LexiconDecoder(Lexicon lexicon, Alphabet alphabet) {
    this(lexicon, alphabet, DEFAULT_MAX_DISTANCE, DEFAULT_FULL_SCORE_LIMIT);
  }

  /**
   * Creates a decoder.
   *
   * @param lexicon the candidate words
   * @param alphabet the network's classes
   * @param maxDistance delta for large lexicons
   * @param fullScoreLimit the largest lexicon scored whole
   */
  public LexiconDecoder(Lexicon lexicon, Alphabet alphabet, int maxDistance, int fullScoreLimit) {
    if (maxDistance < 0) {
      throw new IllegalArgumentException("edit distance must be >= 0");
    }
    this.alphabet = alphabet;
    this.lexicon = lexicon;
    this.maxDistance = maxDistance;
    this.tree = lexicon.size() > fullScoreLimit ? BkTree.of(lexicon.words()) : null;
  }

  /** The candidate words. */
  public Lexicon lexicon() {
    return lexicon;
  }

  /** Whether candidates are searched through the BK-tree (the tests check the threshold). */
  boolean usesTree() {
    return tree != null;
  }

  /** Decodes one sequence of [T][classes] log-probabilities. */
  public Recognition decode(float[][] logProbs) {
    Recognition greedy = Recognition.greedy(logProbs, alphabet);
    double best = Double.NEGATIVE_INFINITY;
    String bestKey = null;
    if (tree == null) {
      for (int i = 0; i < lexicon.size(); i++) {
        double s = CtcScorer.logProbability(logProbs, lexicon.encoded(i), Alphabet.BLANK);
        if (s > best) {
          best = s;
          bestKey = lexicon.words().get(i);
        }
      }
    } else {
      List<String> candidates = tree.search(greedy.greedyText(), maxDistance);
      for (String key : candidates) {
        int[] labels = alphabet.encode(key).orElseThrow();
        double s = CtcScorer.logProbability(logProbs, labels, Alphabet.BLANK);
        if (s > best || (s == best && bestKey != null && key.compareTo(bestKey) < 0)) {
          best = s;
          bestKey = key;
        }
      }
    }
    if (bestKey == null) {
      return Recognition.of(
          greedy.text(),
          logProbs,
          alphabet,
          greedy.greedyText(),
          DecodeMethod.LEXICON_NO_CANDIDATE);
    }
    return Recognition.of(bestKey, logProbs, alphabet, greedy.greedyText(), DecodeMethod.LEXICON);
  }
}
