package dev.grcnn.ocr.operators;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.List;

/**
 * The reading of one crop, as the output topic carries it (a Flink POJO, written as JSON by {@link
 * RecognizedSerializer}).
 */
@JsonPropertyOrder({
  "id",
  "text",
  "confidence",
  "characterConfidences",
  "alternatives",
  "greedyText",
  "decoding",
  "model",
  "modelVersion",
  "topic",
  "partition",
  "offset",
  "batchSize",
  "inferenceMillis",
  "latencyMillis",
  "receivedAt",
  "recognizedAt",
  "meta"
})
public class Recognized {

  /** {@link #decoding} of a best-path reading without lexicon. */
  public static final String GREEDY = "greedy";

  /** {@link #decoding} of a reading against the record's own {@code ocr.lexicon}. */
  public static final String RECORD_LEXICON = "record-lexicon";

  /** {@link #decoding} of a reading against the job's lexicon file. */
  public static final String GLOBAL_LEXICON = "global-lexicon";

  /** The Kafka key of the result: the input record's key bytes as they came. */
  @JsonIgnore public byte[] key;

  /** The crop's id. */
  public String id;

  /** The answer. */
  public String text;

  /** P(text | image) under CTC. */
  @JsonIgnore public double confidence;

  /** Per character of {@link #text}, its probability along the text's best path. */
  public double[] characterConfidences;

  /**
   * With {@code ocr.output.alternatives} above 0: {@link #text} with its confidence first, then the
   * likeliest other readings; else null, and left out of the JSON.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public List<ReadingAlternative> alternatives;

  /** The best-path reading before any lexicon. */
  public String greedyText;

  /** greedy, record-lexicon, global-lexicon, or *-no-candidate when no lexicon word was near. */
  public String decoding;

  /** Model name. */
  public String model;

  /** Model version. */
  public String modelVersion;

  /** Source topic. */
  public String topic;

  /** Source partition. */
  public int partition;

  /** Source offset. */
  public long offset;

  /** Crops in the forward pass that read this one. */
  public int batchSize;

  /** Milliseconds of that forward pass. */
  public long inferenceMillis;

  /** Milliseconds from decoding the record to the end of its inference. */
  public long latencyMillis;

  /** When the record was decoded, epoch milliseconds. */
  public long receivedAt;

  /** When its inference ended, epoch milliseconds. */
  public long recognizedAt;

  /** The JSON envelope's {@code meta} member, as JSON text, or null. */
  @JsonRawValue
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public String meta;

  /** For Flink. */
  public Recognized() {}

  /**
   * {@link #confidence} as the JSON carries it: a number in [0, 1]. Jackson would write a NaN as
   * the string {@code "NaN"}, which readers expecting a probability cannot use; such a value (a
   * broken model's) reads 0.
   */
  @JsonProperty("confidence")
  public double jsonConfidence() {
    return confidence >= 0 && confidence <= 1 ? confidence : 0;
  }
}
