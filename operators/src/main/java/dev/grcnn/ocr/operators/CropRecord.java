package dev.grcnn.ocr.operators;

import java.util.ArrayList;
import java.util.List;

/**
 * A record of the input topic as it arrived: key, value and headers untouched (a dead letter must
 * return them as they were), with its source coordinates. A Flink POJO whose fields Flink
 * serialises itself: the headers are declared as {@code List}, which Flink 2 handles natively,
 * where an {@code ArrayList} field would go through Kryo.
 */
public class CropRecord {

  /** The record key (the crop id), or null. */
  public byte[] key;

  /** The record value: the encoded image. */
  public byte[] value;

  /** Header names, in order (names may repeat). */
  public List<String> headerNames = new ArrayList<>();

  /** Header values, parallel to {@link #headerNames}. */
  public List<byte[]> headerValues = new ArrayList<>();

  /** Source topic. */
  public String topic;

  /** Source partition. */
  public int partition;

  /** Source offset. */
  public long offset;

  /** For Flink. */
  public CropRecord() {}

  /** The first header of a name, or null. */
  public byte[] header(String name) {
    int i = headerNames.indexOf(name);
    return i < 0 ? null : headerValues.get(i);
  }

  /** The crop's id: the key as UTF-8, or topic-partition-offset for a record without one. */
  public String id() {
    if (key != null && key.length > 0) {
      return new String(key, java.nio.charset.StandardCharsets.UTF_8);
    }
    return topic + "-" + partition + "-" + offset;
  }
}
