package dev.grcnn.ocr.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.image.ImagePreprocessor;
import dev.grcnn.ocr.model.image.InvalidImageException;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real PP-OCRv4 model from the class path on real crops. */
class PpOcrRecognizerTest {

  private static PpOcrRecognizer recognizer;

  @BeforeAll
  static void load() throws IOException {
    assertTrue(PpOcrRecognizer.absence().isEmpty(), () -> PpOcrRecognizer.absence().get());
    recognizer = PpOcrRecognizer.load(1);
  }

  @AfterAll
  static void close() throws IOException {
    recognizer.close();
  }

  private static String read(String sample) throws IOException, InvalidImageException {
    byte[] bytes = Files.readAllBytes(Path.of("..", "samples", sample));
    return recognizer.read(new ImagePreprocessor().decode(bytes));
  }

  @Test
  void readsTheProjectsSampleCrops() throws IOException, InvalidImageException {
    // samples/ at the repository root: rendered words named by their text. awareness.jpg is
    // 706x55, wider than 320 at height 48; the 41x19 swank.png is left out (PP-OCRv4 misreads it).
    for (String name :
        List.of(
            "awareness.jpg",
            "doctor.jpg",
            "hardcover.jpg",
            "leek.jpg",
            "leopards.png",
            "rallying.jpg",
            "stabling.jpg")) {
      String word = name.substring(0, name.indexOf('.'));
      assertEquals(word, Alphabet.DEFAULT.normalize(read(name)), name);
    }
  }

  @Test
  void readsCaseDigitsAndTheSpace() throws IOException {
    BufferedImage image = new BufferedImage(260, 60, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, 260, 60);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 40));
      g.drawString("Gate 42", 12, 45);
    } finally {
      g.dispose();
    }
    assertEquals("Gate 42", recognizer.read(image));
  }

  @Test
  void theBaselineScoresReadsAndCountsUndecodableImagesAsWrong() throws IOException {
    byte[] leek = Files.readAllBytes(Path.of("..", "samples", "leek.jpg"));
    List<EvalSample> samples =
        List.of(
            new EvalSample("leek.jpg", leek, "LEEK", List.of("leek", "seek")),
            new EvalSample("junk", new byte[] {1, 2, 3}, "junk", List.of("junk", "jump")));
    EvaluationReport r = new PpOcrBaseline(recognizer).evaluate(samples);
    assertEquals(1, r.unreadable());
    assertEquals(0.5, r.accuracy().get("none"), 1e-12);
    assertEquals(0.5, r.accuracy().get("lexicon50"), 1e-12);
  }
}
