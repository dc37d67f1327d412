package dev.grcnn.ocr.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NearestWordScoringTest {

  private static EvalSample sample(String label, String... lexicon) {
    return new EvalSample(label, new byte[0], label, List.of(lexicon));
  }

  @Test
  void textIsNormalisedAndALexiconGivesTheNearestWord() {
    List<EvalSample> samples =
        List.of(
            sample("Exit", "EXIT", "exist"),
            sample("door", "door", "floor"),
            sample("Cafe", "cafe", "safe"),
            sample("park", "park", "bark"));
    // "E.X.I.T" is right once normalised; "dcor" is wrong alone but nearest "door" in either
    // lexicon; "Safe" is a lexicon word itself, so no lexicon rescues it; the last image is
    // unreadable and wrong under every protocol.
    List<String> texts = Arrays.asList("E.X.I.T", "dcor", "Safe", null);
    EvaluationReport r = NearestWordScoring.score(samples, texts, 2.0);
    assertEquals(4, r.images());
    assertEquals(1, r.unreadable());
    assertEquals(0.25, r.accuracy().get("none"), 1e-12);
    assertEquals(0.5, r.accuracy().get("lexicon50"), 1e-12);
    assertEquals(0.5, r.accuracy().get("full"), 1e-12);
    assertEquals(1.5, r.imagesPerSecond(), 1e-12);
  }

  @Test
  void withoutLexiconsOnlyLexiconFreeIsScored() {
    EvaluationReport r =
        NearestWordScoring.score(List.of(sample("cat"), sample("dog")), List.of("CAT", "dig"), 1);
    assertEquals(0.5, r.accuracy().get("none"), 1e-12);
    assertEquals(List.of("none"), List.copyOf(r.accuracy().keySet()));
  }

  @Test
  void theFirstOfEquallyNearWordsWins() {
    assertEquals("bat", NearestWordScoring.nearest("cat", List.of("bat", "hat", "cast")));
    assertEquals("", NearestWordScoring.nearest("cat", List.of()));
  }
}
