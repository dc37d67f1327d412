package dev.grcnn.ocr.operators;

/**
 * A crop whose image decoded: the network input with what the result must carry along. A Flink POJO
 * (public fields, no-argument constructor) so that it serialises without Kryo.
 */
public class DecodedCrop {

  /** The crop's id (the record key, or topic-partition-offset when it has none). */
  public String id;

  /**
   * The result's Kafka key: the record key's bytes as they came (a key that is not UTF-8 stays
   * itself, where decoding it into {@link #id} and encoding it again would not), else the UTF-8 of
   * the id.
   */
  public byte[] key;

  /** 32 x 100 network input. */
  public float[] input;

  /** Per-record candidate words (comma-separated), or null. */
  public String lexicon;

  /** Per-record allowed characters (the {@code ocr.allowlist} header), or null. */
  public String allowlist;

  /** Source topic. */
  public String topic;

  /** Source partition. */
  public int partition;

  /** Source offset. */
  public long offset;

  /** The JSON envelope's {@code meta} member as JSON text, or null. */
  public String meta;

  /** When the record was read, epoch milliseconds. */
  public long receivedAt;

  /** For Flink. */
  public DecodedCrop() {}

  /** A crop with its input and source coordinates. */
  public DecodedCrop(
      String id, float[] input, String lexicon, String topic, int partition, long offset) {
    this.id = id;
    this.input = input;
    this.lexicon = lexicon;
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.receivedAt = System.currentTimeMillis();
  }
}
