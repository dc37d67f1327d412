package dev.grcnn.ocr.training.eval;

import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.decode.EditDistance;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores the plain text of a recogniser that has no CTC scores over the model's classes (Tesseract,
 * PP-OCR) as {@link Evaluator} scores the model: 36-class normalised, lexicon-free, and with a
 * lexicon by the word nearest in edit distance, the usual way to give such a recogniser a lexicon.
 */
final class NearestWordScoring {

  private NearestWordScoring() {}

  /**
   * Scores.
   *
   * @param samples the test set
   * @param texts what the recogniser read, in the same order; null for an image it could not read
   * @param seconds time spent reading, for images/s
   */
  static EvaluationReport score(List<EvalSample> samples, List<String> texts, double seconds) {
    Alphabet alphabet = Alphabet.DEFAULT;
    boolean perImage = !samples.isEmpty() && samples.stream().allMatch(s -> !s.lexicon().isEmpty());
    Set<String> union = new LinkedHashSet<>();
    samples.forEach(s -> s.lexicon().forEach(w -> union.add(alphabet.normalize(w))));
    int[] correct = new int[3];
    int unreadable = 0;
    for (int i = 0; i < samples.size(); i++) {
      EvalSample s = samples.get(i);
      if (texts.get(i) == null) {
        unreadable++;
        continue;
      }
      String truth = alphabet.normalize(s.label());
      String text = alphabet.normalize(texts.get(i));
      correct[0] += text.equals(truth) ? 1 : 0;
      if (perImage) {
        List<String> lex = s.lexicon().stream().map(alphabet::normalize).toList();
        correct[1] += nearest(text, lex).equals(truth) ? 1 : 0;
        correct[2] += nearest(text, union).equals(truth) ? 1 : 0;
      }
    }
    int n = samples.size();
    Map<String, Double> accuracy = AccuracyColumns.of(correct, n, perImage);
    return new EvaluationReport(
        n, unreadable, accuracy, (n - unreadable) / Math.max(1e-9, seconds));
  }

  /** The lexicon word nearest in edit distance; the first of equals wins. */
  static String nearest(String text, Iterable<String> lexicon) {
    String best = "";
    int bestDistance = Integer.MAX_VALUE;
    for (String w : lexicon) {
      int d = EditDistance.levenshtein(text, w);
      if (d < bestDistance) {
        bestDistance = d;
        best = w;
      }
    }
    return best;
  }
}
