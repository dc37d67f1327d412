package dev.grcnn.ocr.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.ModelInfo;
import dev.grcnn.ocr.model.OcrModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorTest {

  @TempDir Path dir;

  private void writeSet() throws IOException {
    for (int i = 1; i <= 4; i++) {
      ImageIO.write(
          new BufferedImage(60, 20, BufferedImage.TYPE_INT_RGB),
          "png",
          dir.resolve("img_" + i + ".png").toFile());
    }
    Files.write(dir.resolve("img_5.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0});
    Files.write(
        dir.resolve(Ic03Dataset.IMAGES),
        List.of(
            "/data/ic03/img_1.png",
            "C:\\ic03\\img_2.png",
            "img_3.png",
            "x/img_4.png",
            "img_5.png"));
    Files.write(dir.resolve(Ic03Dataset.LABELS), List.of("Cat", "dog's", "sun", "tree", "moon"));
    // One-word lexicons decide lexicon-based decoding: right for images 1-2, wrong for 3-5.
    Files.write(dir.resolve(Ic03Dataset.LEXICONS), List.of("CAT", "dogs", "bus", "free", "moon"));
  }

  @Test
  void accuracyCountsEveryImageAndUnreadableOnesAsWrong() throws IOException {
    writeSet();
    List<EvalSample> samples = Ic03Dataset.read(dir);
    assertEquals(5, samples.size());
    assertEquals("img_2.png", samples.get(1).name());
    try (OcrModel model =
        OcrModel.create(
            ModelInfo.untrained("t", GrcnnConfig.COMPACT, Alphabet.DEFAULT), Device.cpu())) {
      Path predictions = dir.resolve("predictions.tsv");
      EvaluationReport report =
          new Evaluator(model, 2).evaluate(samples, List.of("cat"), predictions);
      assertEquals(5, report.images());
      assertEquals(1, report.unreadable());
      assertEquals(0.4, report.accuracy().get("lexicon50"), 1e-12);
      // A one-word dictionary within edit distance 3 of nothing the random model reads
      // may or may not apply, but can only be right on image 1.
      assertTrue(report.accuracy().get("dictionary") <= 0.2);
      assertTrue(report.accuracy().containsKey("full"));
      List<String> rows = Files.readAllLines(predictions);
      assertEquals(6, rows.size());
      assertTrue(rows.get(2).startsWith("img_2.png\tdogs\t"), rows.get(2));
      assertTrue(
          rows.stream().anyMatch(r -> r.startsWith("img_5.png\tmoon\t!NOT_AN_IMAGE")),
          rows.toString());
    }
  }

  @Test
  void aMissingImageIsNamed() throws IOException {
    writeSet();
    Files.delete(dir.resolve("img_3.png"));
    IOException e = assertThrows(IOException.class, () -> Ic03Dataset.read(dir));
    assertTrue(e.getMessage().contains("img_3.png"), e.getMessage());
  }
}
