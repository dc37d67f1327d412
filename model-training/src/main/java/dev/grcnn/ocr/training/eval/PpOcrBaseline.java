package dev.grcnn.ocr.training.eval;

import dev.grcnn.ocr.model.image.ImagePreprocessor;
import dev.grcnn.ocr.model.image.InvalidImageException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * PP-OCRv4 ({@link PpOcrRecognizer}) on a test set, scored like Tesseract by {@link
 * NearestWordScoring}, so the bench shows what a user would pick instead of the model.
 */
public final class PpOcrBaseline {

  private final PpOcrRecognizer recognizer;
  private final ImagePreprocessor decoder = new ImagePreprocessor();

  /** A baseline reading with {@code recognizer}, which the caller closes. */
  public PpOcrBaseline(PpOcrRecognizer recognizer) {
    this.recognizer = recognizer;
  }

  /** Reads every sample; an image that does not decode counts as wrong. */
  public EvaluationReport evaluate(List<EvalSample> samples) throws IOException {
    long start = System.nanoTime();
    List<String> texts = new ArrayList<>(samples.size());
    for (EvalSample s : samples) {
      BufferedImage image;
      try {
        image = decoder.decode(s.image());
      } catch (InvalidImageException e) {
        texts.add(null);
        continue;
      }
      texts.add(recognizer.read(image));
    }
    return NearestWordScoring.score(samples, texts, (System.nanoTime() - start) / 1e9);
  }
}
