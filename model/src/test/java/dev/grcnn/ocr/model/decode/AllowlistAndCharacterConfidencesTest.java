package dev.grcnn.ocr.model.decode;

import static dev.grcnn.ocr.model.decode.DecodingTest.peaked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grcnn.ocr.model.Alphabet;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllowlistAndCharacterConfidencesTest {

  private static final Alphabet ALPHABET = Alphabet.DEFAULT;

  /** Steps where the first class holds 0.6 and the second 0.3 (the rest share 0.1). */
  private static float[][] twoChoices(String first, String second) {
    float[][] out = new float[first.length()][ALPHABET.size()];
    double rest = Math.log(0.1 / (ALPHABET.size() - 2));
    for (int t = 0; t < first.length(); t++) {
      int a = classOf(first.charAt(t));
      int b = classOf(second.charAt(t));
      for (int k = 0; k < ALPHABET.size(); k++) {
        out[t][k] = (float) (k == a ? Math.log(0.6) : k == b ? Math.log(0.3) : rest);
      }
    }
    return out;
  }

  private static int classOf(char c) {
    return c == ' ' ? Alphabet.BLANK : ALPHABET.classOf(c);
  }

  @Test
  void theAllowlistChoosesInsideDecodingNotByDroppingCharacters() {
    // The network prefers the letters "o" and "l"; second best are the digits "0" and "1".
    float[][] lp = twoChoices(" o l o ", " 0 1 0 ");
    assertEquals("olo", Recognition.greedy(lp, ALPHABET).text());
    CharacterAllowlist digits = CharacterAllowlist.of("0123456789", ALPHABET);
    Recognition r = Recognition.greedy(digits.mask(lp), ALPHABET);
    // Filtering "olo" afterwards would leave nothing; masking reads the digits the network saw.
    assertEquals("010", r.text());
    // Renormalised over the allowed classes: the blank and nine other digits hold 0.1/35 each.
    double digitShare = 0.3 / (0.3 + 10 * 0.1 / (ALPHABET.size() - 2));
    assertEquals(digitShare, r.characterConfidences().get(0), 1e-5);
  }

  @Test
  void anAllowlistIsLowerCasedAndIgnoresCharactersOutsideTheAlphabet() {
    CharacterAllowlist list = CharacterAllowlist.of("AB-b c!", ALPHABET);
    assertEquals("abc", list.characters());
    assertTrue(list.allows(Alphabet.BLANK));
    assertTrue(!list.allows(ALPHABET.classOf('d')));
    CharacterAllowlist none = CharacterAllowlist.of("äöü", ALPHABET);
    assertEquals("", Recognition.greedy(none.mask(peaked(" cat ", 0.9)), ALPHABET).text());
  }

  @Test
  void lexiconWordsWithDisallowedCharactersAreNeverChosen() {
    float[][] lp = twoChoices(" o l o ", " 0 1 0 ");
    Lexicon lexicon = Lexicon.of(List.of("olo", "010"), ALPHABET);
    LexiconDecoder decoder = new LexiconDecoder(lexicon, ALPHABET);
    assertEquals("olo", decoder.decode(lp).text());
    CharacterAllowlist digits = CharacterAllowlist.of("0123456789", ALPHABET);
    Recognition r = decoder.decode(digits.mask(lp));
    assertEquals("010", r.text());
    assertEquals(DecodeMethod.LEXICON, r.method());
  }

  @Test
  void characterConfidencesFollowTheBestPath() {
    // "c" peaks at 0.9, then "a" at 0.5 over two steps (0.4 and 0.5), then "t" at 0.7.
    float[][] lp = peaked(" caat ", 0.9);
    lp[2] = peaked("a", 0.4)[0];
    lp[3] = peaked("a", 0.5)[0];
    lp[4] = peaked("t", 0.7)[0];
    Recognition r = Recognition.greedy(lp, ALPHABET);
    assertEquals("cat", r.text());
    assertEquals(List.of(0.9, 0.5, 0.7), rounded(r.characterConfidences()));
    // A lexicon word other than the greedy text gets the probabilities along its own best path.
    Recognition cut = new LexiconDecoder(Lexicon.of(List.of("cut"), ALPHABET), ALPHABET).decode(lp);
    assertEquals("cut", cut.text());
    assertEquals(3, cut.characterConfidences().size());
    assertEquals(0.9, cut.characterConfidences().get(0), 1e-5);
    assertTrue(cut.characterConfidences().get(1) < 0.05, cut.characterConfidences().toString());
    assertTrue(Recognition.greedy(peaked("    ", 0.9), ALPHABET).characterConfidences().isEmpty());
  }

  private static List<Double> rounded(List<Double> values) {
    return values.stream().map(v -> Math.round(v * 1e4) / 1e4).toList();
  }
}
