package dev.grcnn.ocr.job;

import static dev.grcnn.ocr.job.HostileCrops.truncated;
import static dev.grcnn.ocr.job.HostileCrops.words;
import static dev.grcnn.ocr.job.JobTestSupport.environment;
import static dev.grcnn.ocr.job.JobTestSupport.header;
import static dev.grcnn.ocr.job.JobTestSupport.utf8;
import static dev.grcnn.ocr.testkit.WordCrops.encode;
import static dev.grcnn.ocr.testkit.WordCrops.image;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grcnn.ocr.model.OcrModel;
import dev.grcnn.ocr.model.decode.Recognition;
import dev.grcnn.ocr.model.image.ImagePreprocessor;
import dev.grcnn.ocr.model.image.InvalidImageException;
import dev.grcnn.ocr.operators.DeadLetterSerializer;
import dev.grcnn.ocr.operators.DecodeCropFunction;
import dev.grcnn.ocr.operators.InputFormat;
import dev.grcnn.ocr.testkit.HostileImages;
import dev.grcnn.ocr.testkit.HostileLexicons;
import dev.grcnn.ocr.testkit.ImageFiles;
import dev.grcnn.ocr.testkit.WordCrops;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile records through the whole job (real broker in this JVM, Flink MiniCluster, the shipped
 * model), interleaved with good crops. The contract, one row per case in {@link #rawCorpus()} and
 * {@link #jsonCorpus()}: each record ends exactly once either as a result on the text topic ({@link
 * #TEXT}) or as a dead letter of one kind ({@code ocr.error.kind}) with its original key, value and
 * headers; every result reads what the same image reads alone; and no input ever restarts the job.
 */
class HostileInputJobTest {

  /** The outcome "a result on the text topic". */
  static final String TEXT = "text";

  static final String EMPTY = "EMPTY";
  static final String NOT_AN_IMAGE = "NOT_AN_IMAGE";
  static final String CORRUPT = "CORRUPT";
  static final String TOO_LARGE = "TOO_LARGE";
  static final String BAD_LEXICON = DecodeCropFunction.BAD_LEXICON;
  static final String BAD_ENVELOPE = DecodeCropFunction.BAD_ENVELOPE;

  /** The job's ocr.image.max-bytes in these tests: low, so that real images can exceed it. */
  static final int MAX_BYTES = 64 * 1024;

  static final String LEXICON = DecodeCropFunction.LEXICON_HEADER;

  @RegisterExtension static final BrokerAndModel fixture = BrokerAndModel.shipped();

  /** The shipped model in this JVM, to read each image alone. */
  static OcrModel alone;

  @BeforeAll
  static void loadModel() throws Exception {
    alone = OcrModel.load(fixture.model(), Device.cpu());
  }

  @AfterAll
  static void closeModel() {
    alone.close();
  }

  /**
   * One input record and what must become of it.
   *
   * @param name what the record is
   * @param key the record key, or null for one made from the name (the key is the id)
   * @param value the record value (null: a tombstone)
   * @param headers record headers, in order
   * @param outcomes {@link #TEXT} or a dead-letter kind
   * @param decoding the result's {@code decoding} when it is a result, or null for "greedy"
   * @param meta the result's {@code meta} (JSON) when it is a result of an envelope, or null
   * @param dropped the dead letter's {@code ocr.error.dropped} header, or null for a whole record
   */
  record Case(
      String name,
      String key,
      byte[] value,
      List<Map.Entry<String, byte[]>> headers,
      Set<String> outcomes,
      String decoding,
      String meta,
      String dropped) {

    Case header(String headerKey, byte[] headerValue) {
      List<Map.Entry<String, byte[]>> more = new ArrayList<>(headers);
      more.add(new java.util.AbstractMap.SimpleEntry<>(headerKey, headerValue));
      return new Case(name, key, value, more, outcomes, decoding, meta, dropped);
    }

    Case key(String recordKey) {
      return new Case(name, recordKey, value, headers, outcomes, decoding, meta, dropped);
    }

    Case decoding(String expected) {
      return new Case(name, key, value, headers, outcomes, expected, meta, dropped);
    }

    Case meta(String expected) {
      return new Case(name, key, value, headers, outcomes, decoding, expected, dropped);
    }

    Case dropped(String expected) {
      return new Case(name, key, value, headers, outcomes, decoding, meta, expected);
    }
  }

  static Case c(String name, byte[] value, String... outcomes) {
    return new Case(name, null, value, List.of(), Set.of(outcomes), null, null, null);
  }

  /** The raw-format corpus: the image bytes are the value. */
  static List<Case> rawCorpus() throws Exception {
    byte[] good = WordCrops.png("lexicon");
    byte[] png = WordCrops.png("truncated");
    byte[] jpeg = encode(image("truncated", 160, 48, BufferedImage.TYPE_INT_RGB), "jpeg");
    byte[] gif = encode(image("truncated", 160, 48, BufferedImage.TYPE_INT_RGB), "gif");
    byte[] svg =
        utf8(
            "<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg' width='100' height='32'>"
                + "<text x='5' y='24'>svg</text></svg>");
    // Fits the broker's default 1 MiB limit, but its dead letter (+ error headers) would not.
    int nearBrokerLimit = 1024 * 1024 - 200;
    return List.of(
        // case, value, expected outcome
        c("empty value", new byte[0], EMPTY),
        c("null value (tombstone)", null, EMPTY),
        c("one byte", new byte[] {(byte) 0x89}, NOT_AN_IMAGE),
        c("4 KiB of random bytes", HostileCrops.random(4096, 42), NOT_AN_IMAGE),
        c("SVG document", svg, NOT_AN_IMAGE),
        c("truncated PNG (first half)", truncated(png), CORRUPT),
        c("truncated JPEG (first half)", truncated(jpeg), CORRUPT),
        c("truncated GIF (first half)", truncated(gif), CORRUPT),
        c("PNG header claiming 100000x100000", pngClaiming(100_000), TOO_LARGE),
        c(
            "GIF header claiming 65535x65535 (GIF max)",
            HostileCrops.gifClaimingMaximalSize(),
            TOO_LARGE),
        c(
            "JPEG header claiming 65000x65000",
            HostileCrops.jpegClaiming(jpeg, 65_000, 65_000),
            TOO_LARGE),
        c("PNG bomb: 6000x6000 blank, 35 KB", HostileCrops.blankPng(6000), TOO_LARGE),
        c("noise PNG above ocr.image.max-bytes", HostileCrops.noisePng(200, 200, 7), TOO_LARGE),
        c("random bytes just under 1 MiB", HostileCrops.random(nearBrokerLimit, 43), TOO_LARGE)
            .dropped("value"),
        c("record key of 600,000 bytes", good, TOO_LARGE).key("k".repeat(600_000)),
        c("1x1 PNG", encode(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png"), TEXT),
        c(
            "10000x10 PNG",
            encode(image("wide", 10_000, 10, BufferedImage.TYPE_INT_RGB), "png"),
            TEXT),
        c("10x3000 PNG", encode(image("tall", 10, 3_000, BufferedImage.TYPE_INT_RGB), "png"), TEXT),
        c("16-bit grey PNG", HostileCrops.sixteenBitGreyPng("sixteen"), TEXT),
        c(
            "RGBA PNG, transparent background",
            encode(image("alpha", 160, 48, BufferedImage.TYPE_INT_ARGB), "png"),
            TEXT),
        c(
            "CMYK JPEG (Adobe APP14)",
            HostileCrops.cmykJpeg(image("cmyk", 160, 48, BufferedImage.TYPE_INT_RGB)),
            TEXT),
        c("CMYK JPEG from Pillow (no ICC profile)", ImageFiles.CMYK_JPEG.bytes(), TEXT),
        c("YCCK JPEG from ImageMagick (no ICC profile)", ImageFiles.YCCK_JPEG.bytes(), TEXT),
        c("lossy WebP from cwebp", ImageFiles.LOSSY_WEBP.bytes(), TEXT),
        c("lossless WebP from cwebp", ImageFiles.LOSSLESS_WEBP.bytes(), TEXT),
        c("animated GIF, 3 frames", HostileCrops.animatedGif("first", "second", "third"), TEXT),
        c("lexicon header not UTF-8", good, BAD_LEXICON)
            .header(LEXICON, new byte[] {(byte) 0xff, (byte) 0xfe, 'a'}),
        c("lexicon header of 100,000 words", good, BAD_LEXICON)
            .header(LEXICON, utf8(words(100_000))),
        c("lexicon header of one 100,000-letter word", good, BAD_LEXICON)
            .header(LEXICON, utf8("a".repeat(100_000))),
        c("lexicon header of 70,000 bytes", good, BAD_LEXICON)
            .header(LEXICON, utf8(HostileLexicons.longWords(9, 70_000, 1))),
        c("lexicon header with a word of 65 letters", good, BAD_LEXICON)
            .header(LEXICON, utf8("lexicon," + "b".repeat(65))),
        c("lexicon header of 64 KiB of 40-letter words (cannot fit 26 steps)", good, TEXT)
            .header(LEXICON, utf8(HostileLexicons.longWords(40, HostileLexicons.MAX_BYTES, 2)))
            .decoding("record-lexicon-no-candidate"),
        c("lexicon header of 64 KiB of 13-letter words (each scored in full)", good, TEXT)
            .header(LEXICON, utf8(HostileLexicons.longWords(13, HostileLexicons.MAX_BYTES, 3)))
            .decoding("record-lexicon-no-candidate"),
        c("lexicon header of 64 KiB of words near the crop's text", good, TEXT)
            .header(
                LEXICON,
                utf8(HostileLexicons.nearWords("lexicon", HostileLexicons.MAX_BYTES, 10_000, 4)))
            .decoding("record-lexicon"),
        c("lexicon header with no letter of the alphabet", good, TEXT)
            .header(LEXICON, utf8("日本,!!!,  ,")),
        c("empty lexicon header", good, TEXT).header(LEXICON, new byte[0]),
        c("lexicon header without a value (null)", good, TEXT).header(LEXICON, null));
  }

  /** The JSON-envelope corpus: the value is {@code {"id", "image" (base64), "lexicon", "meta"}}. */
  static List<Case> jsonCorpus() throws Exception {
    byte[] png = WordCrops.png("envelope");
    String image = b64(png);
    String mimeLines = Base64.getMimeEncoder().encodeToString(png).replace("\r\n", "\\r\\n");
    String unpadded = Base64.getEncoder().withoutPadding().encodeToString(WordCrops.png("pad"));
    return List.of(
        // case, value, expected outcome
        c("empty value", new byte[0], BAD_ENVELOPE),
        c("not JSON (a PNG)", png, BAD_ENVELOPE),
        c("truncated JSON", utf8("{\"image\":\"" + image.substring(0, 20)), BAD_ENVELOPE),
        c("a JSON array", utf8("[\"" + image + "\"]"), BAD_ENVELOPE),
        c("no \"image\"", utf8("{\"id\":\"x\",\"lexicon\":\"a\"}"), BAD_ENVELOPE),
        c("\"image\" a number", utf8("{\"image\":12345}"), BAD_ENVELOPE),
        c("\"image\" not base64", envelope("not base64 at all!", ""), BAD_ENVELOPE),
        c("\"image\" a data: URI", envelope("data:image/png;base64," + image, ""), BAD_ENVELOPE),
        c("\"lexicon\" of numbers", envelope(image, ",\"lexicon\":[1,2]"), BAD_ENVELOPE),
        c("JSON nested 5000 deep", envelope(image, ",\"meta\":" + nested(5000)), BAD_ENVELOPE),
        c("\"image\" base64 of text", envelope(b64(utf8("hello")), ""), NOT_AN_IMAGE),
        c("\"image\" a truncated PNG", envelope(b64(truncated(png)), ""), CORRUPT),
        c(
            "\"image\" PNG claiming 100000x100000",
            envelope(b64(pngClaiming(100_000)), ""),
            TOO_LARGE),
        c(
                "\"meta\" of 1,000,000 bytes",
                envelope(image, ",\"meta\":\"" + "m".repeat(1_000_000) + "\""),
                TOO_LARGE)
            .dropped("value"),
        c(
            "\"lexicon\" of 100,000 words",
            envelope(image, ",\"lexicon\":\"" + words(100_000) + "\""),
            BAD_LEXICON),
        c("\"image\" base64 in 76-character lines", envelope(mimeLines, ""), TEXT),
        c("\"image\" base64 without padding", envelope(unpadded, ""), TEXT),
        c(
                "\"meta\" with an unpaired surrogate",
                envelope(image, ",\"meta\":{\"n\":\"\\ud800\"}"),
                TEXT)
            .meta("{\"n\":\"\\ud800\"}"),
        c("\"meta\" 900 levels deep (allowed)", envelope(image, ",\"meta\":" + nested(900)), TEXT)
            .meta(nested(900)));
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** {@code {"image":"<image>"<more>}}. */
  private static byte[] envelope(String image, String more) {
    return utf8("{\"image\":\"" + image + "\"" + more + "}");
  }

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  private static byte[] pngClaiming(int side) {
    return HostileImages.pngClaiming(side, side);
  }

  /** Good crops rendered by the project, sent between the hostile records. */
  static Map<String, byte[]> goodCrops(int n) {
    String[] words =
        "street coffee harbour exit market garden station bakery museum parking hotel pharmacy"
            .split(" ");
    Map<String, byte[]> crops = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      crops.put(
          String.format("good-%02d-%s", i, words[i % words.length]),
          WordCrops.png(words[i % words.length]));
    }
    return crops;
  }

  static String id(int index, Case c) {
    if (c.key() != null) {
      return c.key();
    }
    return String.format("hostile-%02d-", index) + c.name().replaceAll("[^A-Za-z0-9]+", "-");
  }

  /**
   * What the shipped model reads in an image sent alone (greedy), or null if it does not decode.
   */
  static String readAlone(byte[] image) {
    try {
      float[] input = new ImagePreprocessor().preprocess(image);
      float[][][] logProbs = alone.logProbabilities(List.of(input));
      return Recognition.greedy(logProbs[0], alone.alphabet()).text();
    } catch (InvalidImageException e) {
      return null;
    }
  }

  @Test
  void rawHostileRecordsEachHaveTheirOutcomeAndNeverRestartTheJob() throws Exception {
    runCorpus("hostile-raw", "raw", rawCorpus());
  }

  @Test
  void jsonHostileEnvelopesEachHaveTheirOutcomeAndNeverRestartTheJob() throws Exception {
    runCorpus("hostile-json", "json", jsonCorpus());
  }

  private void runCorpus(String prefix, String format, List<Case> corpus) throws Exception {
    boolean json = format.equals("json");
    fixture.createTopics(prefix, 2);
    Map<String, byte[]> good = goodCrops(12);
    Map<String, String> aloneText = new HashMap<>();
    Map<String, Case> cases = new LinkedHashMap<>();
    for (int i = 0; i < corpus.size(); i++) {
      cases.put(id(i, corpus.get(i)), corpus.get(i));
    }
    // Interleaved: a good crop after every second hostile record.
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    List<String> goodIds = new ArrayList<>(good.keySet());
    int nextGood = 0;
    int index = 0;
    for (Map.Entry<String, Case> e : cases.entrySet()) {
      Case c = e.getValue();
      ProducerRecord<byte[], byte[]> r =
          new ProducerRecord<>(prefix + ".crops", utf8(e.getKey()), c.value());
      for (Map.Entry<String, byte[]> h : c.headers()) {
        r.headers().add(h.getKey(), h.getValue());
      }
      records.add(r);
      if (index++ % 2 == 1 && nextGood < goodIds.size()) {
        records.add(goodRecord(prefix, goodIds.get(nextGood), good, json));
        nextGood++;
      }
    }
    while (nextGood < goodIds.size()) {
      records.add(goodRecord(prefix, goodIds.get(nextGood), good, json));
      nextGood++;
    }
    fixture.send(records); // each one accepted by the broker, in this order

    Configuration settings = fixture.config(prefix);
    settings.set(OcrJobOptions.INPUT_FORMAT, json ? InputFormat.JSON : InputFormat.RAW);
    settings.set(OcrJobOptions.IMAGE_MAX_BYTES, MAX_BYTES);
    StreamExecutionEnvironment env = environment();
    OcrStreamingJob.build(env, OcrJobConfig.from(settings));
    JobExecutionResult run = env.execute(prefix);
    long restarts = RestartsReporter.restarts(run.getJobID());

    // What each record became.
    ObjectMapper mapper = new ObjectMapper();
    Map<String, String> outcome = new TreeMap<>();
    Map<String, Integer> times = new HashMap<>();
    Map<String, JsonNode> results = new HashMap<>();
    Map<String, ConsumerRecord<byte[], byte[]>> dead = new HashMap<>();
    int expectedTotal = cases.size() + good.size();
    List<ConsumerRecord<byte[], byte[]>> texts = new ArrayList<>();
    List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r :
        fixture.readCommitted(List.of(prefix + ".text", prefix + ".dead"), expectedTotal)) {
      (r.topic().endsWith(".text") ? texts : letters).add(r);
    }
    for (ConsumerRecord<byte[], byte[]> r : texts) {
      JsonNode result = mapper.readTree(r.value());
      String id = result.get("id").asText();
      times.merge(id, 1, Integer::sum);
      outcome.put(id, TEXT);
      results.put(id, result);
    }
    for (ConsumerRecord<byte[], byte[]> r : letters) {
      String id = utf8(r.key());
      times.merge(id, 1, Integer::sum);
      outcome.put(id, header(r, DeadLetterSerializer.KIND));
      dead.put(id, r);
    }
    printTable(prefix, cases, outcome, dead);

    assertEquals(0, restarts, "no input may restart the job");
    Set<String> in = new java.util.TreeSet<>(cases.keySet());
    in.addAll(good.keySet());
    assertEquals(in, outcome.keySet(), "every id comes out");
    times.forEach((id, n) -> assertEquals(1, n, id + " comes out exactly once"));
    assertEquals(expectedTotal, texts.size() + letters.size(), "in = out + dead");

    for (Map.Entry<String, Case> e : cases.entrySet()) {
      String id = e.getKey();
      Case c = e.getValue();
      assertTrue(
          c.outcomes().contains(outcome.get(id)),
          c.name() + ": expected " + c.outcomes() + ", got " + outcome.get(id));
      if (TEXT.equals(outcome.get(id))) {
        JsonNode result = results.get(id);
        byte[] image = json ? imageOf(mapper, c.value()) : c.value();
        assertEquals(readAlone(image), result.get("greedyText").asText(), c.name() + " as alone");
        assertEquals(
            c.decoding() == null ? "greedy" : c.decoding(),
            result.get("decoding").asText(),
            c.name());
        if (c.meta() != null) {
          assertEquals(mapper.readTree(c.meta()), result.get("meta"), c.name() + ": meta");
        }
      } else {
        assertDeadLetterKeepsTheRecord(prefix, c, dead.get(id));
      }
    }
    int readRight = 0;
    for (String id : good.keySet()) {
      assertEquals(TEXT, outcome.get(id), id);
      String text = results.get(id).get("text").asText();
      assertEquals(readAlone(good.get(id)), text, id + " reads as when sent alone");
      System.out.println(id + " -> " + text);
      readRight += id.endsWith("-" + text) ? 1 : 0;
    }
    // The shipped model reads clean rendered words: a sanity check that results are readings.
    assertTrue(readRight >= good.size() / 2, readRight + " of " + good.size() + " read right");
  }

  private static ProducerRecord<byte[], byte[]> goodRecord(
      String prefix, String id, Map<String, byte[]> good, boolean json) {
    byte[] value =
        json
            ? utf8(
                "{\"id\":\""
                    + id
                    + "\",\"image\":\""
                    + Base64.getEncoder().encodeToString(good.get(id))
                    + "\"}")
            : good.get(id);
    return new ProducerRecord<>(prefix + ".crops", utf8(id), value);
  }

  private static byte[] imageOf(ObjectMapper mapper, byte[] envelope) throws Exception {
    return Base64.getMimeDecoder().decode(mapper.readTree(envelope).get("image").asText());
  }

  private static void assertDeadLetterKeepsTheRecord(
      String prefix, Case c, ConsumerRecord<byte[], byte[]> r) {
    assertNotNull(header(r, DeadLetterSerializer.REASON), c.name());
    assertFalse(header(r, DeadLetterSerializer.REASON).isBlank(), c.name() + ": a reason");
    assertEquals(prefix + ".crops", header(r, DeadLetterSerializer.SOURCE_TOPIC), c.name());
    assertEquals(c.dropped(), header(r, DeadLetterSerializer.DROPPED), c.name() + ": left out");
    if (c.dropped() == null) {
      assertArrayEquals(c.value(), r.value(), c.name() + ": the original value comes back");
    } else {
      assertEquals(null, r.value(), c.name() + ": the value is left out");
    }
    List<Header> original = new ArrayList<>();
    r.headers().forEach(original::add);
    for (int i = 0; i < c.headers().size(); i++) {
      assertEquals(c.headers().get(i).getKey(), original.get(i).key(), c.name());
      assertArrayEquals(c.headers().get(i).getValue(), original.get(i).value(), c.name());
    }
  }

  /** The contract as it turned out, for a person reading the test output. */
  private static void printTable(
      String prefix,
      Map<String, Case> cases,
      Map<String, String> outcome,
      Map<String, ConsumerRecord<byte[], byte[]>> dead) {
    StringBuilder b = new StringBuilder("\n" + prefix + ": case | expected | outcome | reason\n");
    cases.forEach(
        (id, c) -> {
          ConsumerRecord<byte[], byte[]> r = dead.get(id);
          b.append(
              String.format(
                  "%-45s | %-20s | %-12s | %s%n",
                  c.name(),
                  String.join(" or ", new java.util.TreeSet<>(c.outcomes())),
                  outcome.get(id),
                  r == null ? "" : header(r, DeadLetterSerializer.REASON)));
        });
    System.out.println(b);
  }
}
