package dev.grcnn.ocr.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grcnn.ocr.testkit.WordCrops;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DecodeCropFunctionTest {

  static byte[] png() {
    return WordCrops.encode(WordCrops.image("quay", 60, 20, BufferedImage.TYPE_INT_RGB), "png");
  }

  /**
   * Small limits: images of 1 MiB and a million pixels, lexicons of 3 words, 40 bytes and words of
   * 10 characters.
   */
  static DecodeSettings limits(InputFormat format) {
    return new DecodeSettings(
        format, 1 << 20, 1_000_000, 3, 40, 10, DeadLetterSerializer.DEFAULT_MAX_RECORD_BYTES);
  }

  static CropRecord record(String key, byte[] value) {
    CropRecord r = new CropRecord();
    r.key = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    r.value = value;
    r.topic = "in";
    r.partition = 1;
    r.offset = 42;
    return r;
  }

  private static OneInputStreamOperatorTestHarness<CropRecord, DecodedCrop> harness(
      InputFormat format) throws Exception {
    var h =
        new OneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(new DecodeCropFunction(limits(format))));
    h.open();
    return h;
  }

  private static List<DeadLetter> dead(OneInputStreamOperatorTestHarness<?, ?> h) {
    var queue = h.getSideOutput(DecodeCropFunction.DEAD_LETTERS);
    return queue == null
        ? List.of()
        : queue.stream().map(StreamRecord::getValue).collect(Collectors.toList());
  }

  @Test
  void aGoodImageBecomesANetworkInputWithItsIdLexiconAndSource() throws Exception {
    try (var h = harness(InputFormat.RAW)) {
      CropRecord r = record("crop-1", png());
      r.headerNames.add(DecodeCropFunction.LEXICON_HEADER);
      r.headerValues.add("quay,harbour".getBytes(StandardCharsets.UTF_8));
      h.processElement(new StreamRecord<>(r));
      List<DecodedCrop> out = h.extractOutputValues();
      assertEquals(1, out.size());
      assertEquals("crop-1", out.get(0).id);
      assertEquals(32 * 100, out.get(0).input.length);
      assertEquals("quay,harbour", out.get(0).lexicon);
      assertEquals(42, out.get(0).offset);
      assertTrue(dead(h).isEmpty());
    }
  }

  @Test
  void aLexiconAtItsLimitsPasses() throws Exception {
    CropRecord r = record("at-limits", png());
    r.headerNames.add(DecodeCropFunction.LEXICON_HEADER);
    // Three words of 10 characters (blanks around a word do not count), 40 bytes.
    String lexicon = " abcdefghij, klmnopqrst ,  uvwxyz0123 ";
    assertEquals(38, lexicon.length());
    r.headerValues.add(lexicon.getBytes(StandardCharsets.UTF_8));
    try (var h = harness(InputFormat.RAW)) {
      h.processElement(new StreamRecord<>(r));
      assertEquals(lexicon, h.extractOutputValues().get(0).lexicon);
    }
  }

  @Test
  void aRecordWithoutKeyIsNamedByItsCoordinates() throws Exception {
    try (var h = harness(InputFormat.RAW)) {
      h.processElement(new StreamRecord<>(record(null, png())));
      assertEquals("in-1-42", h.extractOutputValues().get(0).id);
    }
  }

  @Test
  void everyBadRecordBecomesADeadLetterWithItsKindAndTheRecordUntouched() throws Exception {
    byte[] whole = png();
    CropRecord longLexicon = record("long-lexicon", whole);
    longLexicon.headerNames.add(DecodeCropFunction.LEXICON_HEADER);
    longLexicon.headerValues.add("a,b,c,d".getBytes(StandardCharsets.UTF_8));
    CropRecord badUtf8 = record("bad-utf8", whole);
    badUtf8.headerNames.add(DecodeCropFunction.LEXICON_HEADER);
    badUtf8.headerValues.add(new byte[] {(byte) 0xc3, (byte) 0x28});
    CropRecord manyBytes = record("many-bytes", whole);
    manyBytes.headerNames.add(DecodeCropFunction.LEXICON_HEADER);
    manyBytes.headerValues.add(("a, " + " ".repeat(40) + "b").getBytes(StandardCharsets.UTF_8));
    CropRecord longWord = record("long-word", whole);
    longWord.headerNames.add(DecodeCropFunction.LEXICON_HEADER);
    longWord.headerValues.add("exit,abcdefghijk".getBytes(StandardCharsets.UTF_8));
    List<CropRecord> bad =
        List.of(
            record("empty", new byte[0]),
            record("null", null),
            record("text", "not an image".getBytes(StandardCharsets.UTF_8)),
            record("truncated", Arrays.copyOf(whole, whole.length / 2)),
            record("huge", new byte[(1 << 20) + 1]),
            longLexicon,
            badUtf8,
            manyBytes,
            longWord);
    try (var h = harness(InputFormat.RAW)) {
      for (CropRecord r : bad) {
        h.processElement(new StreamRecord<>(r));
      }
      assertEquals(0, h.extractOutputValues().size());
      List<DeadLetter> letters = dead(h);
      assertEquals(bad.size(), letters.size(), "one dead letter per bad record");
      for (int i = 0; i < bad.size(); i++) {
        CropRecord back = letters.get(i).record;
        assertArrayEquals(bad.get(i).key, back.key, "the key comes back as it was");
        assertArrayEquals(bad.get(i).value, back.value, "the value comes back as it was");
        assertEquals(bad.get(i).headerNames, back.headerNames);
        assertTrue(!letters.get(i).reason.isBlank(), "a reason for " + bad.get(i).id());
      }
      assertEquals(
          List.of(
              "EMPTY",
              "EMPTY",
              "NOT_AN_IMAGE",
              "CORRUPT",
              "TOO_LARGE",
              DecodeCropFunction.BAD_LEXICON,
              DecodeCropFunction.BAD_LEXICON,
              DecodeCropFunction.BAD_LEXICON,
              DecodeCropFunction.BAD_LEXICON),
          letters.stream().map(d -> d.kind).toList());
      assertEquals("the ocr.lexicon header has 44 bytes; the limit is 40", letters.get(7).reason);
      assertEquals(
          "the lexicon's word 2 has 11 characters; the limit is 10", letters.get(8).reason);
    }
  }

  @Test
  void aJsonEnvelopeCarriesItsIdLexiconAndMeta() throws Exception {
    String image = Base64.getEncoder().encodeToString(png());
    String json =
        "{\"id\":\"cam-7/3\",\"image\":\""
            + image
            + "\",\"lexicon\":[\"quay\",\"harbour\"],\"meta\":{\"camera\":7}}";
    try (var h = harness(InputFormat.JSON)) {
      h.processElement(new StreamRecord<>(record("key", json.getBytes(StandardCharsets.UTF_8))));
      DecodedCrop crop = h.extractOutputValues().get(0);
      assertEquals("cam-7/3", crop.id);
      assertEquals("quay,harbour", crop.lexicon);
      assertEquals("{\"camera\":7}", crop.meta);
    }
  }

  @Test
  void aBrokenJsonEnvelopeIsADeadLetter() throws Exception {
    List<String> bad =
        List.of(
            "{\"image\":\"%%%not base64%%%\"}",
            "{\"id\":\"x\"}",
            "[1,2]",
            "{\"image\":",
            "{\"image\":\"" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}) + "\"}");
    try (var h = harness(InputFormat.JSON)) {
      for (String json : bad) {
        h.processElement(new StreamRecord<>(record("k", json.getBytes(StandardCharsets.UTF_8))));
      }
      assertEquals(0, h.extractOutputValues().size());
      assertEquals(
          List.of(
              DecodeCropFunction.BAD_ENVELOPE,
              DecodeCropFunction.BAD_ENVELOPE,
              DecodeCropFunction.BAD_ENVELOPE,
              DecodeCropFunction.BAD_ENVELOPE,
              "NOT_AN_IMAGE"),
          dead(h).stream().map(d -> d.kind).toList());
    }
  }

  @Test
  void aCropWhoseResultCouldNotBeWrittenIsATooLargeDeadLetter() throws Exception {
    int limit = 64 * 1024;
    String image = Base64.getEncoder().encodeToString(png());
    List<CropRecord> records =
        List.of(
            record("k".repeat(limit / 2), png()), // the key twice in the result: too large
            record("k".repeat(5_000), png()), // fits
            record(
                "k",
                ("{\"image\":\"" + image + "\",\"meta\":\"" + "m".repeat(limit) + "\"}")
                    .getBytes(StandardCharsets.UTF_8)),
            record(
                "k",
                ("{\"image\":\"" + image + "\",\"meta\":\"" + "m".repeat(limit / 2) + "\"}")
                    .getBytes(StandardCharsets.UTF_8)));
    for (InputFormat format : InputFormat.values()) {
      try (var h =
          new OneInputStreamOperatorTestHarness<CropRecord, DecodedCrop>(
              new ProcessOperator<>(
                  new DecodeCropFunction(limits(format).withMaxRecordBytes(limit))))) {
        h.open();
        int from = format == InputFormat.RAW ? 0 : 2;
        for (CropRecord r : records.subList(from, from + 2)) {
          h.processElement(new StreamRecord<>(r));
        }
        assertEquals(1, h.extractOutputValues().size(), format + ": the one that fits");
        List<DeadLetter> letters = dead(h);
        assertEquals(1, letters.size(), format.toString());
        assertEquals("TOO_LARGE", letters.get(0).kind);
        assertTrue(letters.get(0).reason.contains("result"), letters.get(0).reason);
      }
    }
  }

  @Test
  void envelopeWithoutOptionalMembersUsesTheRecordsIdAndNoLexicon() throws Exception {
    CropEnvelope e =
        CropEnvelope.parse(
            ("{\"image\":\"" + Base64.getEncoder().encodeToString(new byte[] {9}) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    assertNull(e.id());
    assertNull(e.lexicon());
    assertNull(e.meta());
    assertArrayEquals(new byte[] {9}, e.image());
  }
}
