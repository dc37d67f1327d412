package dev.grcnn.ocr.model.decode;

import dev.grcnn.ocr.model.Alphabet;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Candidate words for lexicon decoding, normalised onto the alphabet (lower-cased, characters
 * outside it removed) as the 36-class protocol scores them; duplicates are kept once.
 */
public final class Lexicon {

  private final List<String> words;
  private final int[][] encoded;
  private final int[] minSteps;
  private final int rejected;

  private Lexicon(List<String> words, Alphabet alphabet, int rejected) {
    this.words = words;
    this.encoded = new int[words.size()][];
    this.minSteps = new int[words.size()];
    for (int i = 0; i < words.size(); i++) {
      encoded[i] = alphabet.encode(words.get(i)).orElseThrow();
      minSteps[i] = CtcScorer.minSteps(encoded[i]);
    }
    this.rejected = rejected;
  }

  /**
   * Normalises words onto an alphabet. Words with nothing left after normalising are counted in
   * {@link #rejected()}; blank entries are ignored.
   */
  public static Lexicon of(Collection<String> words, Alphabet alphabet) {
    Set<String> keys = new LinkedHashSet<>();
    int rejected = 0;
    for (String word : words) {
      String trimmed = word.strip();
      String key = alphabet.normalize(trimmed);
      if (!key.isEmpty()) {
        keys.add(key);
      } else if (!trimmed.isEmpty()) {
        rejected++;
      }
    }
    return new Lexicon(List.copyOf(keys), alphabet, rejected);
  }

  /** Splits a comma-separated list, as the {@code ocr.lexicon} header and IC03 files hold. */
  public static Lexicon parseCommaSeparated(String list, Alphabet alphabet) {
    return of(Arrays.asList(list.split(",")), alphabet);
  }

  /** Normalised words, in the order first given. */
  public List<String> words() {
    return words;
  }

  /** Number of distinct normalised words. */
  public int size() {
    return words.size();
  }

  /** Words dropped because no character of theirs is in the alphabet. */
  public int rejected() {
    return rejected;
  }

  int[] encoded(int index) {
    return encoded[index];
  }

  /**
   * Whether word {@code index} can be read in {@code steps} output steps at all; one that cannot is
   * never scored (a hostile lexicon of long words costs no CTC table).
   */
  boolean fits(int index, int steps) {
    return minSteps[index] <= steps;
  }
}
