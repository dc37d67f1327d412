package dev.grcnn.ocr.operators;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The JSON envelope that detectors emitting JSON send instead of a bare image: {@code {"id": "...",
 * "image": "<base64>", "lexicon": "a,b" or ["a","b"], "meta": {...}}}. Only {@code image} is
 * required; {@code meta} is carried into the result untouched.
 *
 * <p>{@code image} is standard base64 (padding optional); whitespace, such as the line breaks of
 * MIME-wrapped base64, is skipped, any other character outside the alphabet (a {@code data:} URI
 * prefix, URL-safe base64) makes the envelope invalid.
 *
 * @param id the crop id, or null to use the record's
 * @param image the encoded image bytes
 * @param lexicon comma-separated candidate words, or null
 * @param meta the {@code meta} member as JSON text, or null
 */
public record CropEnvelope(String id, byte[] image, String lexicon, String meta) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Parses an envelope.
   *
   * @throws InvalidEnvelopeException with a reason for a person when it is not a usable envelope
   */
  public static CropEnvelope parse(byte[] value) throws InvalidEnvelopeException {
    if (value == null || value.length == 0) {
      throw new InvalidEnvelopeException("the record is empty, not a JSON envelope");
    }
    JsonNode root;
    try {
      root = JSON.readTree(value);
    } catch (JacksonException e) {
      throw new InvalidEnvelopeException(
          "not JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (java.io.IOException e) {
      throw new InvalidEnvelopeException("not JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidEnvelopeException("the JSON envelope must be an object");
    }
    JsonNode image = root.get("image");
    if (image == null || !image.isTextual()) {
      throw new InvalidEnvelopeException("the JSON envelope has no \"image\" string (base64)");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(withoutWhitespace(image.asText()));
    } catch (IllegalArgumentException e) {
      throw new InvalidEnvelopeException("\"image\" is not base64: " + e.getMessage());
    }
    JsonNode id = root.get("id");
    String idText = id == null || id.isNull() ? null : id.asText();
    return new CropEnvelope(idText, bytes, lexicon(root.get("lexicon")), meta(root.get("meta")));
  }

  private static String lexicon(JsonNode node) throws InvalidEnvelopeException {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isArray()) {
      List<String> words = new ArrayList<>();
      for (JsonNode word : node) {
        if (!word.isTextual()) {
          throw new InvalidEnvelopeException("\"lexicon\" must hold strings only");
        }
        words.add(word.asText().replace(",", " "));
      }
      return String.join(",", words);
    }
    throw new InvalidEnvelopeException("\"lexicon\" must be a string or an array of strings");
  }

  /** Base64 may come in lines: whitespace is skipped, nothing else. */
  private static String withoutWhitespace(String text) {
    StringBuilder kept = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
      if (space && kept == null) {
        kept = new StringBuilder(text.length()).append(text, 0, i);
      } else if (!space && kept != null) {
        kept.append(c);
      }
    }
    return kept == null ? text : kept.toString();
  }

  private static String meta(JsonNode node) throws InvalidEnvelopeException {
    if (node == null || node.isNull()) {
      return null;
    }
    try {
      // Written as UTF-8, Jackson escapes an unpaired surrogate in a string (legal JSON such as
      // "\ud800", but not Unicode) as \uD800; node.toString() would keep the lone char, and
      // writing the result, which embeds meta as raw JSON, would then fail in the sink.
      return new String(JSON.writeValueAsBytes(node), StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new InvalidEnvelopeException("\"meta\" cannot be copied: " + e.getOriginalMessage());
    }
  }

  /** A value that is not a usable JSON envelope. */
  public static final class InvalidEnvelopeException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidEnvelopeException(String message) {
      super(message);
    }
  }
}
