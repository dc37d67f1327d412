package dev.grcnn.ocr.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CropEnvelopeTest {

  private static final byte[] IMAGE = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};

  private static CropEnvelope parse(String json) throws Exception {
    return CropEnvelope.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String withImage(String base64) {
    return "{\"image\":\"" + base64 + "\"}";
  }

  @Test
  void base64InLinesOrWithoutPaddingIsRead() throws Exception {
    String mime =
        Base64.getMimeEncoder(8, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(IMAGE);
    assertTrue(mime.contains("\r\n"));
    assertArrayEquals(IMAGE, parse(withImage(mime.replace("\r\n", "\\r\\n"))).image());
    assertArrayEquals(IMAGE, parse(withImage(" " + mime.replace("\r\n", "\\n\\t") + " ")).image());
    assertArrayEquals(
        IMAGE,
        parse(withImage(Base64.getEncoder().withoutPadding().encodeToString(IMAGE))).image());
  }

  @Test
  void anyOtherCharacterOutsideTheAlphabetIsNotBase64() {
    String good = Base64.getEncoder().encodeToString(IMAGE);
    // The MIME decoder used before skipped these characters and decoded what was left: garbage
    // (NOT_AN_IMAGE, EMPTY) instead of saying that the envelope is wrong.
    for (String bad :
        new String[] {
          "not base64 at all!",
          "@@@@",
          "data:image/png;base64," + good,
          good.replace('+', '-') + "_"
        }) {
      CropEnvelope.InvalidEnvelopeException e =
          assertThrows(CropEnvelope.InvalidEnvelopeException.class, () -> parse(withImage(bad)));
      assertTrue(e.getMessage().contains("not base64"), e.getMessage());
    }
  }

  @Test
  void metaWithAnUnpairedSurrogateIsCopiedSoThatTheResultCanBeWritten() throws Exception {
    String image = Base64.getEncoder().encodeToString(IMAGE);
    // Legal JSON, not Unicode: "\ud800" alone, and a low surrogate before a high one.
    String meta = "{\"a\":\"x\\ud800\",\"b\":[\"\\udc00\\ud800\"],\"c\":\"ü😀\"}";
    CropEnvelope envelope = parse("{\"image\":\"" + image + "\",\"meta\":" + meta + "}");
    ObjectMapper json = new ObjectMapper();
    assertEquals(json.readTree(meta), json.readTree(envelope.meta()), "the same JSON value");

    Recognized result = new Recognized();
    result.id = "crop";
    result.text = "x";
    result.meta = envelope.meta();
    // Failed with "Incomplete surrogate pair" before: the sink then failed the job on every replay.
    byte[] written = new RecognizedSerializer("text").serialize(result, null, null).value();
    assertEquals(json.readTree(meta), json.readTree(written).get("meta"));
  }
}
