package dev.grcnn.ocr.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a model directory says about its model ({@code model.json}), enough to rebuild the network
 * without any other input.
 *
 * @param format the layout version of the model directory
 * @param name a name for logs and outputs
 * @param version the model's version, bumped by each saved snapshot
 * @param config the network's sizes
 * @param alphabet the characters of the output classes, without the blank
 * @param iterations training iterations behind the parameters
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelInfo(
    @JsonProperty("format") int format,
    @JsonProperty("name") String name,
    @JsonProperty("version") String version,
    @JsonProperty("config") GrcnnConfig config,
    @JsonProperty("alphabet") String alphabet,
    @JsonProperty("iterations") long iterations) {

  /** The layout this code writes. */
  public static final int FORMAT = 1;

  /** Metadata for a new, untrained model. */
  public static ModelInfo untrained(String name, GrcnnConfig config, Alphabet alphabet) {
    return new ModelInfo(FORMAT, name, "0", config, alphabet.characters(), 0);
  }

  /** The same model under another version name. */
  public ModelInfo withVersion(String version) {
    return new ModelInfo(format, name, version, config, alphabet, iterations);
  }

  /** The same model after more training. */
  public ModelInfo withIterations(long iterations) {
    return new ModelInfo(format, name, Long.toString(iterations), config, alphabet, iterations);
  }
}
