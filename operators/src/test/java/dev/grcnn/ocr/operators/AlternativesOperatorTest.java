package dev.grcnn.ocr.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The shipped model reads sample crops with top-k alternatives, through both operators. */
class AlternativesOperatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path projectFile(String name) {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(name))) {
        return p.resolve(name);
      }
    }
    throw new IllegalStateException("no " + name + " above " + Path.of("").toAbsolutePath());
  }

  /** The samples "stabling" and "leek" without a lexicon, then "leek" with a record lexicon. */
  private static List<DecodedCrop> decoded() throws Exception {
    try (var h =
        new OneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(
                new DecodeCropFunction(DecodeSettings.defaults(InputFormat.RAW))))) {
      h.open();
      for (String sample : List.of("stabling.jpg", "leek.jpg")) {
        byte[] image = Files.readAllBytes(projectFile("samples/" + sample));
        h.processElement(new StreamRecord<>(DecodeCropFunctionTest.record(sample, image)));
      }
      CropRecord r =
          DecodeCropFunctionTest.record(
              "leek-lexicon", Files.readAllBytes(projectFile("samples/leek.jpg")));
      r.headerNames.add(DecodeCropFunction.LEXICON_HEADER);
      r.headerValues.add("seek,leek,lark,leak,peek".getBytes(StandardCharsets.UTF_8));
      h.processElement(new StreamRecord<>(r));
      return new ArrayList<>(h.extractOutputValues());
    }
  }

  private static List<Recognized> read(int alternatives) throws Exception {
    InferenceSettings settings =
        InferenceSettings.builder(projectFile("models/default").toString())
            .device("cpu")
            .batchSize(8)
            .maxWaitMillis(10)
            .alternatives(alternatives)
            .build();
    try (var h = new OneInputStreamOperatorTestHarness<>(new BatchingInferenceOperator(settings))) {
      h.open();
      for (DecodedCrop crop : decoded()) {
        h.processElement(new StreamRecord<>(crop));
      }
      h.prepareSnapshotPreBarrier(1);
      return new ArrayList<>(h.extractOutputValues());
    }
  }

  private static JsonNode json(Recognized r) throws Exception {
    return JSON.readTree(new RecognizedSerializer("out").serialize(r, null, 0L).value());
  }

  @Test
  void everyResultCarriesItsTextFirstThenTheLikeliestOtherReadings() throws Exception {
    List<Recognized> out = read(4);
    assertEquals(3, out.size());
    for (Recognized r : out) {
      assertEquals(4, r.alternatives.size(), r.id);
      assertEquals(r.text, r.alternatives.get(0).text, r.id);
      assertEquals(r.confidence, r.alternatives.get(0).confidence, 1e-12, r.id);
      Set<String> texts = new HashSet<>();
      for (ReadingAlternative a : r.alternatives) {
        assertTrue(texts.add(a.text), "twice: " + a.text);
        assertTrue(a.confidence >= 0 && a.confidence <= 1, a.text + " " + a.confidence);
      }
      for (int i = 2; i < r.alternatives.size(); i++) {
        assertTrue(r.alternatives.get(i - 1).confidence >= r.alternatives.get(i).confidence);
      }
    }
    // The word is the reading or, when the best path misreads it, among the next readings (the
    // model of 2026-12-02 session 4 read "sitabling" and had "stabling" second).
    Recognized stabling = out.get(0);
    assertTrue(
        stabling.alternatives.stream().anyMatch(a -> a.text.equals("stabling")),
        "alternatives of " + stabling.text);
    // With a record lexicon they are its words by CTC probability, the chosen word first.
    Recognized lexicon = out.get(2);
    assertEquals("record-lexicon", lexicon.decoding);
    assertEquals("leek", lexicon.text);
    for (ReadingAlternative a : lexicon.alternatives) {
      assertTrue(List.of("seek", "leek", "lark", "leak", "peek").contains(a.text), a.text);
    }

    JsonNode json = json(stabling);
    assertEquals(4, json.get("alternatives").size());
    assertEquals(stabling.text, json.get("alternatives").get(0).get("text").asText());
    assertEquals(
        stabling.alternatives.get(1).confidence,
        json.get("alternatives").get(1).get("confidence").asDouble());
  }

  @Test
  void withoutTheOptionThereAreNoAlternativesInTheJson() throws Exception {
    Recognized r = read(0).get(0);
    assertNull(r.alternatives);
    assertFalse(json(r).has("alternatives"));
  }
}
