package dev.grcnn.ocr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A test set without lexicons: its lexicon columns print "-", never "NaN%". */
class AccuracyColumnsTest {

  @TempDir Path dir;

  /**
   * The shipped samples as a gt.txt folder (labelled by their file names), which has no lexicon.
   */
  private Path samplesWithoutLexicons() throws IOException {
    List<String> lines = new ArrayList<>();
    try (var files = Files.list(CliRun.projectRoot().resolve("samples"))) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        Files.copy(f, dir.resolve(name));
        lines.add(name + "\t" + name.substring(0, name.lastIndexOf('.')));
      }
    }
    Files.write(dir.resolve("gt.txt"), lines);
    return dir;
  }

  private static String model() {
    return CliRun.projectRoot().resolve("models/default").toString();
  }

  @Test
  void evaluatePrintsADashForColumnsWithoutLexicon() throws IOException {
    CliRun r =
        CliRun.run(
            "evaluate", "--model", model(), "--dataset", samplesWithoutLexicons().toString());
    assertEquals(0, r.code(), r.err());
    assertFalse(r.out().contains("NaN"), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.strip().matches("lexicon50\\s+-")), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.strip().matches("none\\s+\\d+\\.\\d\\d%")), r.out());
  }

  @Test
  void benchAccuracyPrintsADashForColumnsWithoutLexicon() throws IOException {
    CliRun r =
        CliRun.run(
            "bench",
            "accuracy",
            "--model",
            model(),
            "--dataset",
            samplesWithoutLexicons().toString(),
            "--tesseract",
            dir.resolve("no-tesseract").toString());
    assertEquals(0, r.code(), r.err());
    assertFalse(r.out().contains("NaN"), r.out());
    String grcnn = r.out().lines().filter(l -> l.startsWith("GRCNN")).findFirst().orElseThrow();
    assertTrue(grcnn.matches("GRCNN.*\\d+\\.\\d\\d%\\s+-\\s+-\\s+[\\d.]+"), grcnn);
  }
}
