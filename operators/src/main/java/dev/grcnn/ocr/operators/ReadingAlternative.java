package dev.grcnn.ocr.operators;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.grcnn.ocr.model.decode.Alternative;
import java.util.ArrayList;
import java.util.List;

/** One of a result's alternative readings, as {@link Recognized} carries it (a Flink POJO). */
@JsonPropertyOrder({"text", "confidence"})
public class ReadingAlternative {

  /** The reading. */
  public String text;

  /** Its CTC probability. */
  @JsonIgnore public double confidence;

  /** For Flink. */
  public ReadingAlternative() {}

  ReadingAlternative(String text, double confidence) {
    this.text = text;
    this.confidence = confidence;
  }

  /** The alternatives of a recognition, or null when there are none (none were asked for). */
  static List<ReadingAlternative> listOf(List<Alternative> alternatives) {
    if (alternatives.isEmpty()) {
      return null;
    }
    List<ReadingAlternative> out = new ArrayList<>(alternatives.size());
    for (Alternative a : alternatives) {
      out.add(new ReadingAlternative(a.text(), a.confidence()));
    }
    return out;
  }

  /** {@link #confidence} as the JSON carries it: a number in [0, 1], as the result's own. */
  @JsonProperty("confidence")
  public double jsonConfidence() {
    return confidence >= 0 && confidence <= 1 ? confidence : 0;
  }
}
