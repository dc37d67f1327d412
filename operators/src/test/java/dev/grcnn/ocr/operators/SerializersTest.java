package dev.grcnn.ocr.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class SerializersTest {

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void aDeadLetterKeepsKeyValueAndHeadersAndSaysWhyAndWhence() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("trace", new byte[] {1});
    headers.add("trace", new byte[] {2});
    ConsumerRecord<byte[], byte[]> in =
        new ConsumerRecord<>("crops", 3, 17L, new byte[] {7}, new byte[] {8, 9});
    in.headers().add("trace", new byte[] {1});
    in.headers().add("trace", new byte[] {2});
    List<CropRecord> read = new ArrayList<>();
    new CropDeserializer()
        .deserialize(
            in,
            new org.apache.flink.util.Collector<>() {
              @Override
              public void collect(CropRecord record) {
                read.add(record);
              }

              @Override
              public void close() {}
            });
    ProducerRecord<byte[], byte[]> out =
        new DeadLetterSerializer("dead")
            .serialize(new DeadLetter(read.get(0), "CORRUPT", "truncated PNG"), null, null);
    assertEquals("dead", out.topic());
    assertArrayEquals(new byte[] {7}, out.key());
    assertArrayEquals(new byte[] {8, 9}, out.value());
    List<String> names = new ArrayList<>();
    for (Header h : out.headers()) {
      names.add(h.key());
    }
    assertEquals(
        List.of(
            "trace",
            "trace",
            DeadLetterSerializer.KIND,
            DeadLetterSerializer.REASON,
            DeadLetterSerializer.SOURCE_TOPIC,
            DeadLetterSerializer.SOURCE_PARTITION,
            DeadLetterSerializer.SOURCE_OFFSET),
        names);
    assertEquals("CORRUPT", utf8(out.headers().lastHeader(DeadLetterSerializer.KIND).value()));
    assertEquals(
        "truncated PNG", utf8(out.headers().lastHeader(DeadLetterSerializer.REASON).value()));
    assertEquals(
        "crops", utf8(out.headers().lastHeader(DeadLetterSerializer.SOURCE_TOPIC).value()));
    assertEquals(
        "3", utf8(out.headers().lastHeader(DeadLetterSerializer.SOURCE_PARTITION).value()));
    assertEquals("17", utf8(out.headers().lastHeader(DeadLetterSerializer.SOURCE_OFFSET).value()));
  }

  private static CropRecord record(byte[] key, byte[] value, byte[] header) {
    CropRecord r = new CropRecord();
    r.key = key;
    r.value = value;
    r.topic = "crops";
    r.partition = 1;
    r.offset = 99;
    if (header != null) {
      r.headerNames.add("ocr.lexicon");
      r.headerValues.add(header);
    }
    return r;
  }

  /** Kafka's own estimate of a record's size, which max.request.size is checked against. */
  private static int kafkaSize(ProducerRecord<byte[], byte[]> r) {
    return org.apache.kafka.common.record.AbstractRecords.estimateSizeInBytesUpperBound(
        org.apache.kafka.common.record.RecordBatch.CURRENT_MAGIC_VALUE,
        org.apache.kafka.common.record.CompressionType.NONE,
        r.key(),
        r.value(),
        r.headers().toArray());
  }

  @Test
  void aDeadLetterStaysUnderItsLimitKeepingKeyThenHeadersThenValueWhileTheyFit() {
    int limit = 1_000_000;
    DeadLetterSerializer serializer = new DeadLetterSerializer("dead", limit);
    byte[] small = {1, 2, 3};
    // Nearly 1 MiB: fits the input topic, but not with the error headers (this failed the job).
    byte[] big = new byte[1024 * 1024 - 200];
    ProducerRecord<byte[], byte[]> whole =
        serializer.serialize(
            new DeadLetter(record(small, small, small), "CORRUPT", "bad"), null, null);
    assertArrayEquals(small, whole.value());
    assertNull(whole.headers().lastHeader(DeadLetterSerializer.DROPPED));

    ProducerRecord<byte[], byte[]> noValue =
        serializer.serialize(
            new DeadLetter(record(small, big, small), "TOO_LARGE", "big"), null, null);
    assertNull(noValue.value());
    assertArrayEquals(small, noValue.key());
    assertArrayEquals(small, noValue.headers().lastHeader("ocr.lexicon").value());
    assertEquals("value", utf8(noValue.headers().lastHeader(DeadLetterSerializer.DROPPED).value()));
    assertEquals(
        "TOO_LARGE", utf8(noValue.headers().lastHeader(DeadLetterSerializer.KIND).value()));
    assertEquals(
        "99", utf8(noValue.headers().lastHeader(DeadLetterSerializer.SOURCE_OFFSET).value()));
    assertTrue(kafkaSize(noValue) <= limit, "" + kafkaSize(noValue));

    ProducerRecord<byte[], byte[]> noHeaders =
        serializer.serialize(
            new DeadLetter(record(small, big, big), "BAD_LEXICON", "long"), null, null);
    assertNull(noHeaders.value());
    assertNull(noHeaders.headers().lastHeader("ocr.lexicon"));
    assertArrayEquals(small, noHeaders.key());
    assertEquals(
        "value,headers",
        utf8(noHeaders.headers().lastHeader(DeadLetterSerializer.DROPPED).value()));
    assertTrue(kafkaSize(noHeaders) <= limit);

    ProducerRecord<byte[], byte[]> noKey =
        serializer.serialize(
            new DeadLetter(record(big, small, null), "X", "x".repeat(5000)), null, null);
    assertNull(noKey.key());
    assertArrayEquals(small, noKey.value(), "what fits stays");
    assertEquals("key", utf8(noKey.headers().lastHeader(DeadLetterSerializer.DROPPED).value()));
    assertTrue(
        utf8(noKey.headers().lastHeader(DeadLetterSerializer.REASON).value()).length() < 2100,
        "reasons are shortened");
    assertTrue(kafkaSize(noKey) <= limit);
  }

  @Test
  void aConfidenceThatIsNotAProbabilityIsWrittenAsZeroNeverAsNaN() throws Exception {
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -1, 1.5}) {
      Recognized r = new Recognized();
      r.id = "crop";
      r.text = "x";
      r.confidence = bad;
      String json = utf8(new RecognizedSerializer("text").serialize(r, null, null).value());
      assertFalse(json.contains("NaN") || json.contains("Infinity"), json);
      assertEquals(0.0, new ObjectMapper().readTree(json).get("confidence").doubleValue(), json);
    }
  }

  @Test
  void aResultIsJsonKeyedByItsIdWithMetaAsJson() throws Exception {
    Recognized r = new Recognized();
    r.id = "crop-9";
    r.text = "quay";
    r.greedyText = "qvay";
    r.confidence = 0.5;
    r.decoding = Recognized.RECORD_LEXICON;
    r.meta = "{\"camera\":7}";
    ProducerRecord<byte[], byte[]> out = new RecognizedSerializer("text").serialize(r, null, null);
    assertEquals("crop-9", utf8(out.key()));
    JsonNode json = new ObjectMapper().readTree(out.value());
    assertEquals("quay", json.get("text").asText());
    assertEquals("qvay", json.get("greedyText").asText());
    assertEquals(Recognized.RECORD_LEXICON, json.get("decoding").asText());
    assertEquals(7, json.get("meta").get("camera").asInt());
    r.meta = null;
    JsonNode plain =
        new ObjectMapper()
            .readTree(new RecognizedSerializer("text").serialize(r, null, null).value());
    assertFalse(plain.has("meta"));
  }
}
