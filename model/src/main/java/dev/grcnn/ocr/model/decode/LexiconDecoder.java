package dev.grcnn.ocr.model.decode;

import dev.grcnn.ocr.model.Alphabet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Lexicon-based CTC decoding as in CRNN: the answer is the lexicon word with the highest CTC
 * probability. A small lexicon is scored whole; a large one only on the words within an edit
 * distance of the greedy text, found through a BK-tree (a lexicon kept for many crops) or a scan (a
 * crop's own lexicon, for which building a tree would cost more than it saves). Words that cannot
 * fit the network's output steps are never scored, and at most {@link #DEFAULT_FULL_SCORE_LIMIT}
 * candidates, the nearest, are: the work per crop stays bounded whatever the lexicon holds.
 */
public final class LexiconDecoder {

  /** CRNN's delta: candidates lie within this edit distance of the greedy text. */
  public static final int DEFAULT_MAX_DISTANCE = 3;

  /**
   * Lexicons up to this size are scored word by word; larger ones only on their nearest words, at
   * most this many.
   */
  public static final int DEFAULT_FULL_SCORE_LIMIT = 2000;

  private final Alphabet alphabet;
  private final Lexicon lexicon;
  private final int maxDistance;
  private final int fullScoreLimit;
  private final boolean large;
  private final BkTree tree;

  /** A decoder with CRNN's defaults, for a lexicon used for many crops (a BK-tree when large). */
  public LexiconDecoder(Lexicon lexicon, Alphabet alphabet) {
    this(lexicon, alphabet, DEFAULT_MAX_DISTANCE, DEFAULT_FULL_SCORE_LIMIT);
  }

  /**
   * Creates a decoder for a lexicon used for many crops.
   *
   * @param lexicon the candidate words
   * @param alphabet the network's classes
   * @param maxDistance delta for large lexicons
   * @param fullScoreLimit the largest lexicon scored whole, and the most candidates scored
   */
  public LexiconDecoder(Lexicon lexicon, Alphabet alphabet, int maxDistance, int fullScoreLimit) {
    this(lexicon, alphabet, maxDistance, fullScoreLimit, true);
  }

  private LexiconDecoder(
      Lexicon lexicon, Alphabet alphabet, int maxDistance, int fullScoreLimit, boolean tree) {
    if (maxDistance < 0) {
      throw new IllegalArgumentException("edit distance must be >= 0");
    }
    if (fullScoreLimit < 1) {
      throw new IllegalArgumentException("the full-score limit must be >= 1");
    }
    this.alphabet = alphabet;
    this.lexicon = lexicon;
    this.maxDistance = maxDistance;
    this.fullScoreLimit = fullScoreLimit;
    this.large = lexicon.size() > fullScoreLimit;
    this.tree = large && tree ? BkTree.of(lexicon.words()) : null;
  }

  /**
   * A decoder for one crop's own lexicon: a large one is scanned for near words instead of built
   * into a BK-tree, which for one crop costs more than it saves.
   */
  public static LexiconDecoder forOneCrop(Lexicon lexicon, Alphabet alphabet) {
    return forOneCrop(lexicon, alphabet, DEFAULT_MAX_DISTANCE, DEFAULT_FULL_SCORE_LIMIT);
  }

  /** As {@link #forOneCrop(Lexicon, Alphabet)} with other limits (the tests use small ones). */
  static LexiconDecoder forOneCrop(
      Lexicon lexicon, Alphabet alphabet, int maxDistance, int fullScoreLimit) {
    return new LexiconDecoder(lexicon, alphabet, maxDistance, fullScoreLimit, false);
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
    return decode(logProbs, 0);
  }

  /**
   * Decodes one sequence, with up to {@code k} alternatives: the chosen word first, then the next
   * best of the words scored (the whole lexicon, or the near words of a large one), by CTC
   * probability. When no word was within reach the greedy text stands, and so do its alternatives
   * (those of {@link Recognition#greedy(float[][], Alphabet, int)}).
   */
  public Recognition decode(float[][] logProbs, int k) {
    Recognition.checkAlternatives(k);
    Recognition greedy = Recognition.greedy(logProbs, alphabet);
    int steps = logProbs.length;
    double[][] probs = CtcScorer.probabilities(logProbs);
    double best = Double.NEGATIVE_INFINITY;
    String bestKey = null;
    // Every word scored, kept only when alternatives are asked for (at most fullScoreLimit).
    List<Alternative> scored = k > 0 ? new ArrayList<>() : null;
    if (!large) {
      for (int i = 0; i < lexicon.size(); i++) {
        if (!lexicon.fits(i, steps)) {
          continue;
        }
        double s =
            CtcScorer.scaledLogProbability(logProbs, probs, lexicon.encoded(i), Alphabet.BLANK);
        keep(scored, lexicon.words().get(i), s);
        if (s > best) {
          best = s;
          bestKey = lexicon.words().get(i);
        }
      }
    } else {
      for (String key : nearest(greedy.greedyText(), steps)) {
        int[] labels = alphabet.encode(key).orElseThrow();
        double s = CtcScorer.scaledLogProbability(logProbs, probs, labels, Alphabet.BLANK);
        keep(scored, key, s);
        if (s > best || (s == best && bestKey != null && key.compareTo(bestKey) < 0)) {
          best = s;
          bestKey = key;
        }
      }
    }
    if (bestKey == null) {
      Recognition r =
          Recognition.of(
              greedy.text(),
              logProbs,
              alphabet,
              greedy.greedyText(),
              DecodeMethod.LEXICON_NO_CANDIDATE);
      return k == 0
          ? r
          : r.withAlternatives(Recognition.beamAlternatives(r, logProbs, alphabet, k));
    }
    Recognition r =
        Recognition.of(bestKey, logProbs, alphabet, greedy.greedyText(), DecodeMethod.LEXICON);
    if (k == 0) {
      return r;
    }
    scored.sort(
        Comparator.comparingDouble(Alternative::confidence)
            .reversed()
            .thenComparing(Alternative::text));
    return r.withAlternatives(
        Recognition.firstThenOthers(new Alternative(r.text(), r.confidence()), scored, k));
  }

  /** Adds a scored word to the alternatives' candidates, when they are kept and it can be read. */
  private static void keep(List<Alternative> scored, String word, double logP) {
    if (scored != null && logP > Double.NEGATIVE_INFINITY) {
      scored.add(new Alternative(word, Math.exp(logP)));
    }
  }

  /**
   * The words within {@code maxDistance} of the greedy text that fit {@code steps}, at most {@code
   * fullScoreLimit} of them: the nearest, ties in alphabetical order.
   */
  private List<String> nearest(String greedyText, int steps) {
    List<Candidate> found = new ArrayList<>();
    if (tree != null) {
      for (String key : tree.search(greedyText, maxDistance)) {
        int[] labels = alphabet.encode(key).orElseThrow();
        if (CtcScorer.minSteps(labels) <= steps) {
          found.add(new Candidate(key, EditDistance.atMost(key, greedyText, maxDistance)));
        }
      }
    } else {
      for (int i = 0; i < lexicon.size(); i++) {
        if (!lexicon.fits(i, steps)) {
          continue;
        }
        String key = lexicon.words().get(i);
        int d = EditDistance.atMost(key, greedyText, maxDistance);
        if (d <= maxDistance) {
          found.add(new Candidate(key, d));
        }
      }
    }
    if (found.size() > fullScoreLimit) {
      found.sort(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::word));
      found = found.subList(0, fullScoreLimit);
    }
    List<String> words = new ArrayList<>(found.size());
    for (Candidate c : found) {
      words.add(c.word());
    }
    return words;
  }

  /** A word near the greedy text and its distance. */
  private record Candidate(String word, int distance) {}
}
