package dev.grcnn.ocr.model.decode;

import static dev.grcnn.ocr.model.decode.DecodingTest.peaked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grcnn.ocr.model.Alphabet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Top-k alternatives: the prefix beam search, and what greedy and lexicon decoding return. */
class AlternativesTest {

  private static final Alphabet ALPHABET = Alphabet.DEFAULT;

  /**
   * Steps whose probability lies on the listed classes only (space = blank), the others at zero.
   */
  private static float[][] only(String classes, double[][] probabilities) {
    float[][] out = new float[probabilities.length][ALPHABET.size()];
    for (int t = 0; t < out.length; t++) {
      java.util.Arrays.fill(out[t], Float.NEGATIVE_INFINITY);
      for (int i = 0; i < classes.length(); i++) {
        out[t][classOf(classes.charAt(i))] = (float) Math.log(probabilities[t][i]);
      }
    }
    return out;
  }

  private static int classOf(char c) {
    return c == ' ' ? Alphabet.BLANK : ALPHABET.classOf(c);
  }

  /** Every path of the classes with probability above 0, collapsed: the exact text distribution. */
  private static Map<String, Double> bruteForce(float[][] lp, String classes) {
    Map<String, Double> texts = new HashMap<>();
    int n = classes.length();
    int paths = (int) Math.pow(n, lp.length);
    for (int code = 0; code < paths; code++) {
      double p = 1;
      StringBuilder text = new StringBuilder();
      int previous = Alphabet.BLANK;
      for (int t = 0, rest = code; t < lp.length; t++, rest /= n) {
        int c = classOf(classes.charAt(rest % n));
        p *= Math.exp(lp[t][c]);
        if (c != Alphabet.BLANK && c != previous) {
          text.append(ALPHABET.charAt(c));
        }
        previous = c;
      }
      texts.merge(text.toString(), p, Double::sum);
    }
    return texts;
  }

  @Test
  void theLikeliestTextIsFoundWhereTheBestPathReadsAnother() {
    // Each of two steps: blank 0.6, "a" 0.4. The best path is blank-blank (0.36): the empty text.
    // "a" has three paths (a-a, a-blank, blank-a): 0.16 + 0.24 + 0.24 = 0.64.
    float[][] lp = only(" a", new double[][] {{0.6, 0.4}, {0.6, 0.4}});
    List<Alternative> best = CtcPrefixBeamSearch.best(lp, ALPHABET, 2, 16);
    assertEquals("a", best.get(0).text());
    assertEquals(0.64, best.get(0).confidence(), 1e-6);
    assertEquals("", best.get(1).text());
    assertEquals(0.36, best.get(1).confidence(), 1e-6);

    // Greedy decoding keeps its text first, and says in the alternatives that "a" is likelier.
    Recognition greedy = Recognition.greedy(lp, ALPHABET, 3);
    assertEquals("", greedy.text());
    assertEquals(
        List.of("", "a"),
        greedy.alternatives().stream().map(Alternative::text).toList(),
        "k larger than the texts there are: only the two that have a probability");
    assertEquals(greedy.confidence(), greedy.alternatives().get(0).confidence());
    assertEquals(0.64, greedy.alternatives().get(1).confidence(), 1e-6);
  }

  @Test
  void aWideBeamFindsTheExactTopTextsOfRandomOutputs() {
    Random random = new Random(3);
    String classes = " ab";
    for (int trial = 0; trial < 20; trial++) {
      double[][] p = new double[5][3];
      for (double[] step : p) {
        double a = random.nextDouble();
        double b = random.nextDouble() * (1 - a);
        step[0] = a;
        step[1] = b;
        step[2] = 1 - a - b;
      }
      float[][] lp = only(classes, p);
      List<Map.Entry<String, Double>> exact = new ArrayList<>(bruteForce(lp, classes).entrySet());
      exact.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
      // 63 prefixes of at most five letters over {a, b}: a beam of 64 prunes none.
      List<Alternative> found = CtcPrefixBeamSearch.best(lp, ALPHABET, 5, 64);
      for (int i = 0; i < 5; i++) {
        assertEquals(exact.get(i).getValue(), found.get(i).confidence(), 1e-6, "trial " + trial);
        assertEquals(
            exact.get(i).getValue(),
            bruteForce(lp, classes).get(found.get(i).text()),
            1e-6,
            "trial " + trial + ", " + found.get(i).text());
      }
      // The default beam (16) finds the same best three here.
      List<Alternative> narrow =
          CtcPrefixBeamSearch.best(lp, ALPHABET, 3, CtcPrefixBeamSearch.beamWidth(3));
      assertEquals(found.subList(0, 3), narrow, "trial " + trial);
    }
  }

  @Test
  void aNarrowBeamKeepsThePrefixesOfTheLikeliestTexts() {
    // Eight steps over {blank, a, b}: 3^8 paths, up to 510 prefixes, a beam of 8. The beam ranks
    // prefixes by the probability of all their alignments; counting only some of them (dropping a
    // repeat's merge into its prefix finds the right three in 8 of these 40 trials) loses them.
    Random random = new Random(11);
    String classes = " ab";
    for (int trial = 0; trial < 40; trial++) {
      double[][] p = new double[8][3];
      for (double[] step : p) {
        double a = random.nextDouble();
        double b = random.nextDouble() * (1 - a);
        step[0] = b;
        step[1] = a;
        step[2] = 1 - a - b;
      }
      float[][] lp = only(classes, p);
      List<Map.Entry<String, Double>> exact = new ArrayList<>(bruteForce(lp, classes).entrySet());
      exact.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
      List<Alternative> found = CtcPrefixBeamSearch.best(lp, ALPHABET, 3, 8);
      for (int i = 0; i < 3; i++) {
        assertEquals(exact.get(i).getKey(), found.get(i).text(), "trial " + trial + ": " + found);
      }
    }
  }

  @Test
  void alternativesOfAnAllowlistHoldOnlyItsCharacters() {
    float[][] lp = peaked(" olo ", 0.6);
    CharacterAllowlist digits = CharacterAllowlist.of("01", ALPHABET);
    Recognition r = Recognition.greedy(digits.mask(lp), ALPHABET, 10);
    assertEquals(10, r.alternatives().size());
    for (Alternative a : r.alternatives()) {
      assertTrue(a.text().matches("[01]*"), a.text());
      assertTrue(a.confidence() > 0 && a.confidence() <= 1, a.toString());
    }
    Recognition free = Recognition.greedy(lp, ALPHABET, 10);
    assertEquals("olo", free.alternatives().get(0).text());
    for (int i = 2; i < free.alternatives().size(); i++) {
      assertTrue(
          free.alternatives().get(i - 1).confidence() >= free.alternatives().get(i).confidence(),
          "best first after the text: " + free.alternatives());
    }
  }

  @Test
  void withALexiconTheAlternativesAreTheBestWordsByTheirCtcProbability() {
    float[][] lp = peaked(" hcuse ", 0.6);
    Lexicon lexicon = Lexicon.of(List.of("house", "horse", "mouse", "hose", "cause"), ALPHABET);
    Recognition r = new LexiconDecoder(lexicon, ALPHABET).decode(lp, 3);
    assertEquals(DecodeMethod.LEXICON, r.method());
    List<Alternative> expected = new ArrayList<>();
    for (String w : lexicon.words()) {
      double logP = CtcScorer.logProbability(lp, ALPHABET.encode(w).orElseThrow(), 0);
      expected.add(new Alternative(w, Math.exp(logP)));
    }
    expected.sort(Comparator.comparingDouble(Alternative::confidence).reversed());
    assertEquals(r.text(), expected.get(0).text());
    assertEquals(3, r.alternatives().size());
    for (int i = 0; i < 3; i++) {
      assertEquals(expected.get(i).text(), r.alternatives().get(i).text());
      assertEquals(expected.get(i).confidence(), r.alternatives().get(i).confidence(), 1e-9);
    }
    // More asked for than the lexicon has words: every word, once.
    assertEquals(5, new LexiconDecoder(lexicon, ALPHABET).decode(lp, 10).alternatives().size());
  }

  @Test
  void withoutAWordWithinReachTheGreedyTextAndItsAlternativesStand() {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      words.add("zzzzzzz" + (char) ('a' + i % 26) + i);
    }
    float[][] lp = peaked(" cat ", 0.8);
    Recognition r =
        LexiconDecoder.forOneCrop(Lexicon.of(words, ALPHABET), ALPHABET, 3, 10).decode(lp, 4);
    assertEquals(DecodeMethod.LEXICON_NO_CANDIDATE, r.method());
    assertEquals(Recognition.greedy(lp, ALPHABET, 4).alternatives(), r.alternatives());
    assertEquals("cat", r.alternatives().get(0).text());
  }

  @Test
  void noAlternativesUnlessAskedAndAtMostTen() {
    assertTrue(Recognition.greedy(peaked(" cat ", 0.8), ALPHABET).alternatives().isEmpty());
    assertThrows(
        IllegalArgumentException.class,
        () -> Recognition.greedy(peaked(" cat ", 0.8), ALPHABET, Recognition.MAX_ALTERNATIVES + 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> Recognition.greedy(peaked(" cat ", 0.8), ALPHABET, -1));
  }
}
