package dev.grcnn.ocr.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The shipped model reads a sample crop with and without allowlists, through both operators. */
class AllowlistAndCharacterConfidencesOperatorTest {

  private static Path projectFile(String name) {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(name))) {
        return p.resolve(name);
      }
    }
    throw new IllegalStateException("no " + name + " above " + Path.of("").toAbsolutePath());
  }

  /** The sample "leek" as records: without header, with an allowlist header of each given. */
  private static List<DecodedCrop> decoded(String... allowlists) throws Exception {
    byte[] image = Files.readAllBytes(projectFile("samples/leek.jpg"));
    try (var h =
        new OneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(
                new DecodeCropFunction(DecodeSettings.defaults(InputFormat.RAW))))) {
      h.open();
      h.processElement(new StreamRecord<>(DecodeCropFunctionTest.record("plain", image)));
      for (String allowlist : allowlists) {
        CropRecord r = DecodeCropFunctionTest.record(allowlist, image);
        r.headerNames.add(DecodeCropFunction.ALLOWLIST_HEADER);
        r.headerValues.add(allowlist.getBytes(StandardCharsets.UTF_8));
        h.processElement(new StreamRecord<>(r));
      }
      return new ArrayList<>(h.extractOutputValues());
    }
  }

  private static List<Recognized> read(String jobAllowlist, List<DecodedCrop> crops)
      throws Exception {
    InferenceSettings settings =
        InferenceSettings.builder(projectFile("models/default").toString())
            .device("cpu")
            .batchSize(8)
            .maxWaitMillis(10)
            .allowlist(jobAllowlist)
            .build();
    try (var h = new OneInputStreamOperatorTestHarness<>(new BatchingInferenceOperator(settings))) {
      h.open();
      for (DecodedCrop crop : crops) {
        h.processElement(new StreamRecord<>(crop));
      }
      h.prepareSnapshotPreBarrier(1);
      return new ArrayList<>(h.extractOutputValues());
    }
  }

  @Test
  void allowlistsOfTheRecordAndTheJobRestrictTheReading() throws Exception {
    List<Recognized> out = read("0123456789", decoded("LEK", "xyz"));
    assertEquals(3, out.size());
    assertTrue(out.get(0).text.matches("[0-9]*"), "the job's digits: " + out.get(0).text);
    assertEquals("leek", out.get(1).text, "the record's own allowlist wins over the job's");
    assertTrue(out.get(2).text.matches("[xyz]*"), out.get(2).text);
    List<Recognized> free = read(null, decoded());
    assertEquals("leek", free.get(0).text);
    assertNotEquals(free.get(0).confidence, out.get(1).confidence, "renormalised over l, e, k");
  }

  @Test
  void everyCharacterHasItsConfidenceInTheJsonResult() throws Exception {
    Recognized r = read(null, decoded()).get(0);
    assertEquals(r.text.length(), r.characterConfidences.length);
    for (double c : r.characterConfidences) {
      assertTrue(c > 0 && c <= 1, "confidence " + c);
    }
    JsonNode json =
        new ObjectMapper().readTree(new RecognizedSerializer("out").serialize(r, null, 0L).value());
    assertEquals(r.text.length(), json.get("characterConfidences").size());
    assertEquals(r.characterConfidences[0], json.get("characterConfidences").get(0).asDouble());
  }

  @Test
  void aJobAllowlistWithoutAnyCharacterOfTheAlphabetFailsAtStart() {
    assertThrows(IllegalArgumentException.class, () -> read("äöü", decoded()));
  }
}
