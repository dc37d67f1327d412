package dev.grcnn.ocr.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.grcnn.ocr.testkit.EmbeddedKafka;
import dev.grcnn.ocr.testkit.KafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlPathTest {

  @TempDir Path dir;

  static Path projectFile(String name) {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(name))) {
        return p.resolve(name);
      }
    }
    throw new IllegalStateException("no " + name + " above " + Path.of("").toAbsolutePath());
  }

  @Test
  void theDefaultQueryReadsEveryCrop() throws Exception {
    StringWriter text = new StringWriter();
    List<Path> crops = CropFeeder.files(projectFile("samples"));
    try (KafkaBroker kafka = EmbeddedKafka.start()) {
      new SqlRunner(projectFile("models/default"), "cpu", 8, new PrintWriter(text, true))
          .run(kafka, crops, List.of(), true);
    }
    Map<String, String> rows = new TreeMap<>();
    text.toString()
        .lines()
        .filter(l -> !l.startsWith("#"))
        .forEach(l -> rows.put(l.split("\t")[0], l));
    assertEquals(crops.size(), rows.size(), text.toString());
  }
}
