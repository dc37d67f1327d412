package dev.grcnn.ocr.model.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grcnn.ocr.model.Alphabet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecodingTest {

  private static final Alphabet ALPHABET = Alphabet.DEFAULT;

  /** Log-probabilities that put {@code p} on the given class at each step (space = blank). */
  static float[][] peaked(String path, double p) {
    float[][] out = new float[path.length()][ALPHABET.size()];
    double rest = Math.log((1 - p) / (ALPHABET.size() - 1));
    for (int t = 0; t < path.length(); t++) {
      char c = path.charAt(t);
      int k = c == ' ' ? Alphabet.BLANK : ALPHABET.classOf(c);
      for (int j = 0; j < ALPHABET.size(); j++) {
        out[t][j] = (float) (j == k ? Math.log(p) : rest);
      }
    }
    return out;
  }

  @Test
  void greedyMergesRepeatsAndDropsBlanks() {
    assertEquals("hello", CtcGreedyDecoder.decode(peaked("hhe ll llo  ", 0.9), ALPHABET));
    assertEquals("", CtcGreedyDecoder.decode(peaked("      ", 0.9), ALPHABET));
    assertEquals("aa", CtcGreedyDecoder.decode(peaked("a a", 0.9), ALPHABET));
    assertEquals("a", CtcGreedyDecoder.decode(peaked("aaa", 0.9), ALPHABET));
    assertEquals("07", CtcGreedyDecoder.decode(peaked(" 0 7 ", 0.9), ALPHABET));
  }

  @Test
  void greedyConfidenceIsTheProbabilityOfTheText() {
    Recognition r = Recognition.greedy(peaked(" cat ", 0.99), ALPHABET);
    assertEquals("cat", r.text());
    assertTrue(r.confidence() > 0.9 && r.confidence() <= 1.0, "confidence " + r.confidence());
    Recognition unsure = Recognition.greedy(peaked(" cat ", 0.3), ALPHABET);
    assertTrue(unsure.confidence() < r.confidence());
  }

  @Test
  void lexiconDecodingPicksTheWordOfHighestCtcProbability() {
    float[][] lp = peaked(" hcuse ", 0.6); // greedy reads "hcuse"
    Lexicon lexicon = Lexicon.of(List.of("house", "horse", "mouse", "HOUSES"), ALPHABET);
    LexiconDecoder decoder = new LexiconDecoder(lexicon, ALPHABET);
    Recognition r = decoder.decode(lp);
    assertEquals("hcuse", r.greedyText());
    double best = Double.NEGATIVE_INFINITY;
    String bestWord = null;
    for (String w : lexicon.words()) {
      double s = CtcScorer.logProbability(lp, ALPHABET.encode(w).orElseThrow(), 0);
      if (s > best) {
        best = s;
        bestWord = w;
      }
    }
    assertEquals(bestWord, r.text());
    assertEquals(DecodeMethod.LEXICON, r.method());
    assertEquals(Math.exp(best), r.confidence(), 1e-12);
  }

  @Test
  void largeLexiconsSearchTheTreeAndFallBackToGreedyWhenNothingIsNear() {
    List<String> words = new ArrayList<>();
    Random random = new Random(5);
    for (int i = 0; i < 5000; i++) {
      words.add(randomWord(random, 6, 9));
    }
    words.add("street");
    LexiconDecoder decoder = new LexiconDecoder(Lexicon.of(words, ALPHABET), ALPHABET, 3, 100);
    assertTrue(decoder.usesTree());
    Recognition near = decoder.decode(peaked(" strret ", 0.7));
    assertEquals("street", near.text());
    assertEquals(DecodeMethod.LEXICON, near.method());
    Recognition far = decoder.decode(peaked(" 12 ", 0.9));
    assertEquals("12", far.text());
    assertEquals(DecodeMethod.LEXICON_NO_CANDIDATE, far.method());
  }

  @Test
  void lexiconWordsAreNormalisedOntoTheAlphabetAndEmptyOnesCounted() {
    Lexicon lexicon = Lexicon.parseCommaSeparated("Don't,EXIT, exit,!!!,,café", ALPHABET);
    assertEquals(List.of("dont", "exit", "caf"), lexicon.words());
    assertEquals(1, lexicon.rejected());
  }

  @Test
  void bkTreeFindsExactlyWhatALinearScanFinds() {
    Random random = new Random(11);
    Set<String> dictionary = new HashSet<>();
    while (dictionary.size() < 3000) {
      dictionary.add(randomWord(random, 1, 8));
    }
    BkTree tree = BkTree.of(dictionary);
    assertEquals(dictionary.size(), tree.size());
    for (int q = 0; q < 200; q++) {
      String query = randomWord(random, 1, 9);
      int delta = q % 4;
      Set<String> expected = new HashSet<>();
      for (String w : dictionary) {
        if (EditDistance.levenshtein(query, w) <= delta) {
          expected.add(w);
        }
      }
      assertEquals(expected, new HashSet<>(tree.search(query, delta)), query + " d=" + delta);
    }
  }

  @Test
  void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
    assertEquals(0, EditDistance.levenshtein("abc", "abc"));
    assertEquals(3, EditDistance.levenshtein("kitten", "sitting"));
    assertEquals(4, EditDistance.levenshtein("", "abcd"));
    assertEquals(1, EditDistance.levenshtein("abcd", "abd"));
  }

  static String randomWord(Random random, int min, int max) {
    int len = min + random.nextInt(max - min + 1);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < len; i++) {
      b.append((char) ('a' + random.nextInt(6)));
    }
    return b.toString();
  }
}
