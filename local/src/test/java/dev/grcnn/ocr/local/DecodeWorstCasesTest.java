package dev.grcnn.ocr.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The lines {@code ./ocr bench job} prints for the decoder's worst cases: each has its outcome. */
class DecodeWorstCasesTest {

  @Test
  void theWorstCasesWithinTheLimitsAreReadAndTheBombsRefused() {
    List<DecodeWorstCases.Line> lines = DecodeWorstCases.measure(1);
    Map<String, String> outcomes = new TreeMap<>();
    for (DecodeWorstCases.Line line : lines) {
      System.out.printf(
          "%-36s %8d B %8.0f ms %7.1f MB  %s%n",
          line.name(),
          line.bytes(),
          line.medianMillis(),
          line.allocatedMegabytes(),
          line.outcome());
      outcomes.put(line.name(), line.outcome());
    }
    assertEquals(
        Map.of(
            "PNG 5000x5000 RGB (pixel limit)", "input",
            "PNG 65535x381 grey (longest side)", "input",
            "JPEG 5000x5000 (pixel limit)", "input",
            "JPEG 65000x384 grey", "input",
            "PNG claiming 100000x100000", "TOO_LARGE",
            "PNG claiming 25000000x1", "TOO_LARGE"),
        outcomes);
  }
}
