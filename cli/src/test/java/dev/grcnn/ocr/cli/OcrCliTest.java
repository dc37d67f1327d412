package dev.grcnn.ocr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.ModelInfo;
import dev.grcnn.ocr.model.OcrModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OcrCliTest {

  @TempDir Path dir;

  private static CliRun run(String... args) {
    return CliRun.run(args);
  }

  private static void assertOneLineUsageError(CliRun r) {
    r.assertOneLineError(OcrCli.USAGE);
  }

  @Test
  void badArgumentsGiveOneLineAndExitCodeTwo() {
    assertOneLineUsageError(run("recognize", "--bogus", "x.png"));
    assertOneLineUsageError(run("describe", "--config", "huge"));
    assertOneLineUsageError(run("recognize", "--batch", "zero", "x.png"));
    assertOneLineUsageError(run("nosuchcommand"));
    assertOneLineUsageError(run("train", "--out", dir.toString()));
    assertOneLineUsageError(run("evaluate", "--dataset", dir.resolve("missing").toString()));
  }

  @Test
  void describePrintsTheLayerTableWithTotals() {
    CliRun r = run("describe", "--config", "paper");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("GRCL 256, T=5"), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("total") && l.contains("14,260,261")));
  }

  @Test
  void withoutAShippedModelRecognizeSaysSo() {
    String home = System.getProperty("ocr.home");
    System.setProperty("ocr.home", dir.toString());
    try {
      CliRun r = run("recognize", "x.png");
      assertEquals(OcrCli.USAGE, r.code());
      assertTrue(r.err().contains("no trained model"), r.err());
    } finally {
      if (home == null) {
        System.clearProperty("ocr.home");
      } else {
        System.setProperty("ocr.home", home);
      }
    }
  }

  @Test
  void recognizePrintsALinePerReadableImageAndReportsTheOthers() throws IOException {
    Path model = dir.resolve("model");
    try (OcrModel m =
        OcrModel.create(
            ModelInfo.untrained("t", GrcnnConfig.COMPACT, Alphabet.DEFAULT), Device.cpu())) {
      m.save(model);
    }
    Path good = dir.resolve("good.png");
    ImageIO.write(new java.awt.image.BufferedImage(80, 24, 1), "png", good.toFile());
    Path bad = dir.resolve("bad.png");
    Files.writeString(bad, "not an image");
    CliRun r = run("recognize", "--model", model.toString(), good.toString(), bad.toString());
    assertEquals(1, r.code(), r.err());
    assertEquals(1, r.out().lines().count(), r.out());
    assertTrue(
        r.out()
            .strip()
            .matches(java.util.regex.Pattern.quote(good.toString()) + "\t[0-9a-z]*\t[01]\\.\\d{4}"),
        r.out());
    assertTrue(r.err().contains("bad.png: not_an_image"), r.err());
  }
}
