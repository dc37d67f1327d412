package dev.grcnn.ocr.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.BlockElement;
import org.apache.flink.configuration.description.TextElement;
import org.junit.jupiter.api.Test;

/**
 * The configuration table of the README is made from {@link OcrJobOptions}: this test fails when
 * the two differ. {@code mvn -B -o -pl job -am test -Dtest=ReadmeConfigurationTableTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dreadme.update=true} writes the table into the README.
 */
class ReadmeConfigurationTableTest {

  static final String BEGIN =
      "<!-- ocr.* options: made from OcrJobOptions, checked by ReadmeConfigurationTableTest -->\n";
  static final String END = "<!-- end of ocr.* options -->\n";

  /** The table: key, default ("required", "none" or the value), description. */
  static String table() {
    StringBuilder b = new StringBuilder("| key | default | meaning |\n| --- | --- | --- |\n");
    for (ConfigOption<?> o : OcrJobOptions.ALL) {
      String value = OcrJobOptions.defaultText(o);
      String def =
          OcrJobOptions.REQUIRED.contains(o) ? "required" : value == null ? "none" : code(value);
      b.append("| ")
          .append(code(o.key()))
          .append(" | ")
          .append(def)
          .append(" | ")
          .append(description(o))
          .append(" |\n");
    }
    return b.toString();
  }

  private static String code(String s) {
    return "`" + s + "`";
  }

  /** The description's text: {@code withDescription(String)} makes one text element. */
  static String description(ConfigOption<?> o) {
    StringBuilder b = new StringBuilder();
    for (BlockElement block : o.description().getBlocks()) {
      if (!(block instanceof TextElement text) || !text.getElements().isEmpty()) {
        throw new AssertionError(o.key() + ": only plain text descriptions can go in the README");
      }
      b.append(text.getFormat());
    }
    return b.toString();
  }

  private static Path readme() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("job"))) {
        return p.resolve("README.md");
      }
    }
    throw new IllegalStateException("no README.md above " + Path.of("").toAbsolutePath());
  }

  @Test
  void theReadmesConfigurationTableIsMadeFromTheOptions() throws IOException {
    Path readme = readme();
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    assertTrue(begin >= 0 && end > begin, "README.md has no markers " + BEGIN + " ... " + END);
    String inReadme = text.substring(begin + BEGIN.length(), end);
    String expected = table();
    if (!expected.equals(inReadme) && Boolean.getBoolean("readme.update")) {
      Files.writeString(
          readme,
          text.substring(0, begin + BEGIN.length()) + expected + text.substring(end),
          StandardCharsets.UTF_8);
      inReadme = expected;
    }
    assertEquals(
        expected,
        inReadme,
        "README.md's configuration table differs from OcrJobOptions (-Dreadme.update=true"
            + " rewrites it)");
  }

  @Test
  void theTableHasARowPerOptionWithItsDefault() {
    String table = table();
    assertEquals(OcrJobOptions.ALL.size() + 2, table.lines().count());
    assertTrue(table.contains("| `ocr.batch.size` | `32` | most crops per forward pass |"), table);
    assertTrue(table.contains("| `ocr.model.dir` | required | "), table);
    assertTrue(table.contains("| `ocr.lexicon.file` | none | "), table);
    assertTrue(table.contains("| `ocr.input.format` | `raw` | "), table);
  }
}
