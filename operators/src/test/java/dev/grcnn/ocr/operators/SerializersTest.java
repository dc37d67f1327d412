package dev.grcnn.ocr.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
