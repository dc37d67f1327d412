package dev.grcnn.ocr.operators;

/** The reading of one crop, as the output topic carries it (a Flink POJO). */
public class Recognized {

  /** The crop's id. */
  public String id;

  /** The answer. */
  public String text;

  /** P(text | image) under CTC. */
  public double confidence;

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

  /** Milliseconds from reading the record to the end of its inference. */
  public long latencyMillis;

  /** For Flink. */
  public Recognized() {}
}
