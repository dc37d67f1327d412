package dev.grcnn.ocr.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grcnn.ocr.operators.DeadLetterSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.StringJoiner;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One tab-separated line per output record for people: {@code id, text, confidence, decoding} for a
 * result (and its alternatives when it has them), {@code id, DEAD, kind, reason} for a dead letter.
 */
public final class ResultLines {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ResultLines() {}

  /** The line of a record of the output or dead-letter topic. */
  public static String format(ConsumerRecord<byte[], byte[]> r) {
    Header kind = r.headers().lastHeader(DeadLetterSerializer.KIND);
    if (kind != null) {
      return String.join(
          "\t",
          r.key() == null ? "-" : utf8(r.key()),
          "DEAD",
          utf8(kind.value()),
          header(r, DeadLetterSerializer.REASON));
    }
    try {
      JsonNode result = JSON.readTree(r.value());
      if (result != null && result.has("text")) {
        return String.format(
                Locale.ROOT,
                "%s\t%s\t%.4f\t%s",
                result.path("id").asText(),
                result.path("text").asText(),
                result.path("confidence").asDouble(),
                result.path("decoding").asText())
            + alternatives(result);
      }
    } catch (IOException e) {
      // not a result: shown raw below
    }
    return (r.key() == null ? "-" : utf8(r.key())) + "\t" + utf8(r.value());
  }

  /** A fifth field {@code [(text, 0.9000), ...]} when the result has alternatives, else nothing. */
  private static String alternatives(JsonNode result) {
    JsonNode list = result.get("alternatives");
    if (list == null || !list.isArray()) {
      return "";
    }
    StringJoiner items = new StringJoiner(", ", "\t[", "]");
    for (JsonNode a : list) {
      items.add(
          String.format(
              Locale.ROOT, "(%s, %.4f)", a.path("text").asText(), a.path("confidence").asDouble()));
    }
    return items.toString();
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? "" : utf8(h.value());
  }

  private static String utf8(byte[] b) {
    return b == null ? "" : new String(b, StandardCharsets.UTF_8);
  }
}
