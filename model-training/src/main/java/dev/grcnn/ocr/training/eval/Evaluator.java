package dev.grcnn.ocr.training.eval;

import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.OcrModel;
import dev.grcnn.ocr.model.decode.Lexicon;
import dev.grcnn.ocr.model.decode.LexiconDecoder;
import dev.grcnn.ocr.model.decode.Recognition;
import dev.grcnn.ocr.model.image.ImagePreprocessor;
import dev.grcnn.ocr.model.image.InvalidImageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores a model on a test set under the usual protocols: lexicon-free, with each image's own
 * lexicon, with the union of all the set's lexicons ("Full"), and with a large dictionary.
 */
public final class Evaluator {

  private final OcrModel model;
  private final int batchSize;
  private final ImagePreprocessor preprocessor = new ImagePreprocessor();

  /** An evaluator of a model, running {@code batchSize} images per forward pass. */
  public Evaluator(OcrModel model, int batchSize) {
    this.model = model;
    this.batchSize = batchSize;
  }

  /**
   * Evaluates.
   *
   * @param samples the test set
   * @param dictionary a large word list, or null
   * @param predictions a TSV file for per-image results, or null
   */
  public EvaluationReport evaluate(
      List<EvalSample> samples, List<String> dictionary, Path predictions) throws IOException {
    Alphabet alphabet = model.alphabet();
    boolean perImage = !samples.isEmpty() && samples.stream().allMatch(s -> !s.lexicon().isEmpty());
    LexiconDecoder full = null;
    if (perImage) {
      Set<String> union = new LinkedHashSet<>();
      samples.forEach(s -> union.addAll(s.lexicon()));
      full = new LexiconDecoder(Lexicon.of(union, alphabet), alphabet);
    }
    LexiconDecoder dict =
        dictionary == null ? null : new LexiconDecoder(Lexicon.of(dictionary, alphabet), alphabet);
    int[] correct = new int[4];
    int unreadable = 0;
    long recognitionNanos = 0;
    List<String> rows = new ArrayList<>();
    for (int from = 0; from < samples.size(); from += batchSize) {
      List<EvalSample> chunk = samples.subList(from, Math.min(from + batchSize, samples.size()));
      long t0 = System.nanoTime();
      List<float[]> inputs = new ArrayList<>();
      List<EvalSample> readable = new ArrayList<>();
      for (EvalSample s : chunk) {
        try {
          inputs.add(preprocessor.preprocess(s.image()));
          readable.add(s);
        } catch (InvalidImageException e) {
          unreadable++;
          rows.add(s.name() + "\t" + alphabet.normalize(s.label()) + "\t!" + e.kind() + "\t\t\t");
        }
      }
      float[][][] logProbs = model.logProbabilities(inputs);
      List<Recognition> free = new ArrayList<>();
      for (float[][] lp : logProbs) {
        free.add(Recognition.greedy(lp, alphabet));
      }
      recognitionNanos += System.nanoTime() - t0;
      for (int i = 0; i < readable.size(); i++) {
        EvalSample s = readable.get(i);
        String truth = alphabet.normalize(s.label());
        String none = free.get(i).text();
        String lex50 = "";
        String fullText = "";
        String dictText = "";
        if (perImage) {
          lex50 =
              new LexiconDecoder(Lexicon.of(s.lexicon(), alphabet), alphabet)
                  .decode(logProbs[i])
                  .text();
          fullText = full.decode(logProbs[i]).text();
        }
        if (dict != null) {
          dictText = dict.decode(logProbs[i]).text();
        }
        correct[0] += none.equals(truth) ? 1 : 0;
        correct[1] += lex50.equals(truth) ? 1 : 0;
        correct[2] += fullText.equals(truth) ? 1 : 0;
        correct[3] += dictText.equals(truth) ? 1 : 0;
        rows.add(String.join("\t", s.name(), truth, none, lex50, fullText, dictText));
      }
    }
    double elapsed = Math.max(1e-9, recognitionNanos / 1e9);
    int n = samples.size();
    Map<String, Double> accuracy = AccuracyColumns.of(correct, n, perImage);
    if (dict != null) {
      accuracy.put("dictionary", AccuracyColumns.ratio(correct[3], n));
    }
    if (predictions != null) {
      try (PrintWriter out =
          new PrintWriter(Files.newBufferedWriter(predictions, StandardCharsets.UTF_8))) {
        out.println("image\ttruth\tnone\tlexicon50\tfull\tdictionary");
        rows.forEach(out::println);
      }
    }
    return new EvaluationReport(n, unreadable, accuracy, (n - unreadable) / elapsed);
  }
}
