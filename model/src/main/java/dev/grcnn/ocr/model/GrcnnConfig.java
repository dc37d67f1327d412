package dev.grcnn.ocr.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;

/**
 * Sizes of a GRCNN: the channels of the stem and the three GRCL layers, the recurrent iterations T,
 * whether the recurrent convolutions share weights across iterations, the width of the last
 * convolution and of the two BiLSTMs.
 *
 * @param name the config's name, saved with a model
 * @param stemChannels filters of the first 3x3 convolution
 * @param grclChannels output channels of the three GRCL layers
 * @param iterations the recurrent iterations T of every GRCL layer
 * @param sharedWeights whether the T recurrent convolutions of a layer share one set of weights
 * @param convChannels filters of the final 2x2 convolution
 * @param lstmHidden hidden units of each direction of both BiLSTMs
 */
public record GrcnnConfig(
    @JsonProperty("name") String name,
    @JsonProperty("stemChannels") int stemChannels,
    @JsonProperty("grclChannels") List<Integer> grclChannels,
    @JsonProperty("iterations") int iterations,
    @JsonProperty("sharedWeights") boolean sharedWeights,
    @JsonProperty("convChannels") int convChannels,
    @JsonProperty("lstmHidden") int lstmHidden) {

  /** Input height the network is built for. */
  public static final int HEIGHT = 32;

  /** Input width the network is built for. */
  public static final int WIDTH = 100;

  /** Time steps the network emits for a 100-pixel-wide input. */
  public static final int SEQUENCE_LENGTH = 26;

  /** The paper's configuration: T=5 without weight sharing. */
  public static final GrcnnConfig PAPER =
      new GrcnnConfig("paper", 64, List.of(64, 128, 256), 5, false, 512, 512);

  /** The paper's layer sizes with T=3 and the recurrent weights shared across iterations. */
  public static final GrcnnConfig SMALL =
      new GrcnnConfig("small", 64, List.of(64, 128, 256), 3, true, 512, 512);

  /**
   * Sized to train on two CPU cores: half the channels, T=2 shared, a 256-wide last convolution and
   * 192-wide BiLSTMs, which trains at about 120 images/s on two cores against 95 with 256-wide
   * BiLSTMs (the README has the measurement).
   */
  public static final GrcnnConfig COMPACT =
      new GrcnnConfig("compact", 32, List.of(32, 64, 128), 2, true, 256, 192);

  /**
   * {@code compact} half as wide again (48 / 48, 96, 192, conv 384, 256-wide BiLSTMs), about twice
   * its cost: the wider variant that issue-sized comparisons at equal CPU-hours weigh against it.
   */
  public static final GrcnnConfig WIDE =
      new GrcnnConfig("wide", 48, List.of(48, 96, 192), 2, true, 384, 256);

  /** Validates the sizes. */
  @JsonCreator
  public GrcnnConfig {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("config name is empty");
    }
    if (grclChannels == null || grclChannels.size() != 3) {
      throw new IllegalArgumentException("a GRCNN has exactly three GRCL layers");
    }
    grclChannels = List.copyOf(grclChannels);
    if (stemChannels <= 0
        || iterations <= 0
        || convChannels <= 0
        || lstmHidden <= 0
        || grclChannels.stream().anyMatch(c -> c <= 0)) {
      throw new IllegalArgumentException("config sizes must be positive: " + name);
    }
  }

  /** The named configs, in order of size. */
  public static List<GrcnnConfig> named() {
    return List.of(COMPACT, WIDE, SMALL, PAPER);
  }

  /**
   * Looks up a named config.
   *
   * @throws IllegalArgumentException naming the known configs when the name is unknown
   */
  public static GrcnnConfig byName(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    return named().stream()
        .filter(c -> c.name().equals(key))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown config '"
                        + name
                        + "' (known: "
                        + String.join(", ", named().stream().map(GrcnnConfig::name).toList())
                        + ")"));
  }
}
