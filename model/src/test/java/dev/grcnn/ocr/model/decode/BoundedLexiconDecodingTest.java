package dev.grcnn.ocr.model.decode;

import static dev.grcnn.ocr.model.decode.DecodingTest.peaked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.grcnn.ocr.model.Alphabet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What keeps a hostile lexicon's cost bounded leaves the answers as they were: the banded scorer
 * equals the full forward algorithm, words that cannot fit the output are skipped, a crop's own
 * large lexicon is scanned (no BK-tree) with the tree's answers, and at most the nearest candidates
 * are scored.
 */
class BoundedLexiconDecodingTest {

  private static final Alphabet ALPHABET = Alphabet.DEFAULT;

  /** The forward algorithm over every state at every step, as the scorer was before the band. */
  static double unbanded(float[][] logProbs, int[] labels) {
    int steps = logProbs.length;
    int states = 2 * labels.length + 1;
    double[] alpha = new double[states];
    double[] next = new double[states];
    Arrays.fill(alpha, Double.NEGATIVE_INFINITY);
    alpha[0] = logProbs[0][0];
    alpha[1] = logProbs[0][labels[0]];
    for (int t = 1; t < steps; t++) {
      for (int s = 0; s < states; s++) {
        double sum = alpha[s];
        if (s >= 1) {
          sum = CtcScorer.logAdd(sum, alpha[s - 1]);
        }
        boolean isLabel = (s & 1) == 1;
        if (isLabel && s >= 3 && labels[(s - 1) / 2] != labels[(s - 3) / 2]) {
          sum = CtcScorer.logAdd(sum, alpha[s - 2]);
        }
        next[s] = sum + logProbs[t][isLabel ? labels[(s - 1) / 2] : 0];
      }
      double[] swap = alpha;
      alpha = next;
      next = swap;
    }
    return CtcScorer.logAdd(alpha[states - 1], alpha[states - 2]);
  }

  @Test
  void theBandedScorerEqualsTheFullForwardAlgorithm() {
    Random random = new Random(3);
    for (int trial = 0; trial < 300; trial++) {
      float[][] lp = CtcScorerTest.randomLogProbs(random, 26, ALPHABET.size());
      int length = 1 + random.nextInt(30);
      int[] labels = new int[length];
      for (int i = 0; i < length; i++) {
        // A small range of classes, so that repeats (which need a blank between) occur.
        labels[i] = 1 + random.nextInt(trial % 2 == 0 ? 3 : 36);
      }
      double full = unbanded(lp, labels);
      double banded = CtcScorer.logProbability(lp, labels, Alphabet.BLANK);
      if (full == Double.NEGATIVE_INFINITY) {
        assertEquals(Double.NEGATIVE_INFINITY, banded, Arrays.toString(labels));
      } else {
        assertEquals(full, banded, 1e-9 * Math.abs(full), Arrays.toString(labels));
      }
    }
  }

  @Test
  void theScaledScorerEqualsTheLogSpaceOneEvenWhereItWouldUnderflow() {
    Random random = new Random(9);
    for (int trial = 0; trial < 400; trial++) {
      float[][] lp = CtcScorerTest.randomLogProbs(random, 26, ALPHABET.size());
      if (trial % 4 == 1) {
        // A network sure of every step: other classes 300 nats down, paths far below underflow.
        for (float[] step : lp) {
          int sure = random.nextInt(step.length);
          for (int c = 0; c < step.length; c++) {
            step[c] = c == sure ? 0f : -300f;
          }
        }
      } else if (trial % 4 == 2) {
        lp[random.nextInt(26)][1 + random.nextInt(36)] = Float.NEGATIVE_INFINITY;
      }
      int length = 1 + random.nextInt(26);
      int[] labels = new int[length];
      for (int i = 0; i < length; i++) {
        labels[i] = 1 + random.nextInt(trial % 2 == 0 ? 3 : 36);
      }
      double exact = CtcScorer.logProbability(lp, labels, Alphabet.BLANK);
      double scaled =
          CtcScorer.scaledLogProbability(lp, CtcScorer.probabilities(lp), labels, Alphabet.BLANK);
      if (exact == Double.NEGATIVE_INFINITY) {
        assertEquals(Double.NEGATIVE_INFINITY, scaled, Arrays.toString(labels));
      } else {
        assertEquals(exact, scaled, 1e-9 * Math.max(1, Math.abs(exact)), Arrays.toString(labels));
      }
    }
  }

  @Test
  void aWordThatCannotFitTheOutputIsNotAnAnswer() {
    assertEquals(27, CtcScorer.minSteps(ALPHABET.encode("a".repeat(14)).orElseThrow()));
    // 26 steps: "aaaaaaaaaaaaaa" needs 27 (13 blanks between its 14 letters).
    float[][] lp = peaked(" h e l l o" + " ".repeat(16), 0.6);
    Lexicon lexicon =
        Lexicon.of(List.of("a".repeat(14), "b".repeat(40) + "hello", "x".repeat(5000)), ALPHABET);
    Recognition r = LexiconDecoder.forOneCrop(lexicon, ALPHABET).decode(lp);
    assertEquals(DecodeMethod.LEXICON_NO_CANDIDATE, r.method());
    assertEquals("hello", r.text());
    Lexicon withFit = Lexicon.of(List.of("x".repeat(5000), "hallo"), ALPHABET);
    assertEquals("hallo", LexiconDecoder.forOneCrop(withFit, ALPHABET).decode(lp).text());
  }

  @Test
  void aCropsOwnLargeLexiconIsScannedWithTheTreesAnswers() {
    Random random = new Random(7);
    List<String> words = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      words.add(DecodingTest.randomWord(random, 3, 9));
    }
    Lexicon lexicon = Lexicon.of(words, ALPHABET);
    LexiconDecoder tree = new LexiconDecoder(lexicon, ALPHABET);
    LexiconDecoder scan = LexiconDecoder.forOneCrop(lexicon, ALPHABET);
    assertFalse(scan.usesTree());
    for (int q = 0; q < 100; q++) {
      String word = words.get(random.nextInt(words.size()));
      StringBuilder path = new StringBuilder(" ");
      for (char c : word.toCharArray()) {
        // Now and then a wrong letter, so that the greedy text is near, not on, the word.
        path.append(random.nextInt(5) == 0 ? 'q' : c).append(' ');
      }
      float[][] lp = peaked(path.toString(), 0.5);
      Recognition a = tree.decode(lp);
      Recognition b = scan.decode(lp);
      assertEquals(a.text(), b.text(), path.toString());
      assertEquals(a.method(), b.method(), path.toString());
      assertEquals(a.confidence(), b.confidence(), 1e-12);
    }
  }

  @Test
  void atMostTheNearestCandidatesAreScored() {
    // Greedy text "cat"; the lexicon holds it and more words within distance 3 than the limit.
    List<String> words = new ArrayList<>();
    for (char a = 'a'; a <= 'z'; a++) {
      for (char b = 'a'; b <= 'z'; b++) {
        words.add("q" + a + b);
      }
    }
    words.add("cat");
    Lexicon lexicon = Lexicon.of(words, ALPHABET);
    float[][] lp = peaked(" c a t ", 0.9);
    Recognition r = LexiconDecoder.forOneCrop(lexicon, ALPHABET, 3, 5).decode(lp);
    assertEquals("cat", r.text());
    assertEquals(DecodeMethod.LEXICON, r.method());
    assertEquals(2, EditDistance.atMost("cat", "qat", 3) + 1);
    assertEquals(4, EditDistance.atMost("cat", "dogs", 3));
    assertEquals(4, EditDistance.atMost("cat", "x".repeat(100), 3));
  }
}
