package dev.grcnn.ocr.operators;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes a dead letter: the original key, value and headers, plus headers saying why ({@code
 * ocr.error.kind}, {@code ocr.error.reason}) and where it came from ({@code ocr.source.topic},
 * {@code ocr.source.partition}, {@code ocr.source.offset}).
 *
 * <p>A dead letter is never larger than {@code maxRecordBytes}: a record that nearly filled the
 * input topic's size limit would otherwise, with the error headers added, exceed the producer's or
 * broker's limit, and the failed send would fail the job on every replay. The parts of the record
 * are kept while they fit, the key (the crop id) first, then the original headers, then the value;
 * {@link #DROPPED} names what was left out, and the source headers still point at the original.
 */
public final class DeadLetterSerializer
    implements KafkaRecordSerializationSchema<DeadLetter>, KafkaDatasetFacetProvider {

  private static final long serialVersionUID = 1L;

  /** Header of the error kind. */
  public static final String KIND = "ocr.error.kind";

  /** Header of the error reason. */
  public static final String REASON = "ocr.error.reason";

  /** Header of the source topic. */
  public static final String SOURCE_TOPIC = "ocr.source.topic";

  /** Header of the source partition. */
  public static final String SOURCE_PARTITION = "ocr.source.partition";

  /** Header of the source offset. */
  public static final String SOURCE_OFFSET = "ocr.source.offset";

  /**
   * Header present only when the dead letter had to leave parts of the record out to stay under its
   * size limit: {@code value}, {@code value,headers} or {@code value,headers,key}.
   */
  public static final String DROPPED = "ocr.error.dropped";

  /**
   * The default size limit: under Kafka's default {@code max.request.size} (1 MiB) and {@code
   * message.max.bytes}, with room for the batch's framing.
   */
  public static final int DEFAULT_MAX_RECORD_BYTES = 1_000_000;

  /** The least record limit: room for a dead letter's own headers. */
  public static final int MIN_MAX_RECORD_BYTES = 16 * 1024;

  /** Longest reason written, in characters. */
  static final int MAX_REASON_CHARS = 2_000;

  /** More than Kafka's framing of one record in its own batch (61 + 21 bytes at most). */
  private static final int RECORD_OVERHEAD = 100;

  /** More than the varints framing one header (two lengths). */
  private static final int HEADER_OVERHEAD = 10;

  private final String topic;
  private final int maxRecordBytes;

  /** A serializer to {@code topic} with the {@link #DEFAULT_MAX_RECORD_BYTES} limit. */
  public DeadLetterSerializer(String topic) {
    this(topic, DEFAULT_MAX_RECORD_BYTES);
  }

  /** A serializer to {@code topic} whose records stay under {@code maxRecordBytes}. */
  public DeadLetterSerializer(String topic, int maxRecordBytes) {
    if (maxRecordBytes < MIN_MAX_RECORD_BYTES) {
      throw new IllegalArgumentException(
          "a dead letter must be allowed at least " + MIN_MAX_RECORD_BYTES + " bytes");
    }
    this.topic = topic;
    this.maxRecordBytes = maxRecordBytes;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      DeadLetter letter, KafkaSinkContext context, Long timestamp) {
    CropRecord r = letter.record;
    RecordHeaders original = new RecordHeaders();
    for (int i = 0; i < r.headerNames.size(); i++) {
      original.add(r.headerNames.get(i), r.headerValues.get(i));
    }
    RecordHeaders error = new RecordHeaders();
    error.add(KIND, utf8(letter.kind));
    error.add(REASON, utf8(shortened(letter.reason)));
    error.add(SOURCE_TOPIC, utf8(r.topic));
    error.add(SOURCE_PARTITION, utf8(Integer.toString(r.partition)));
    error.add(SOURCE_OFFSET, utf8(Long.toString(r.offset)));

    // Kept while they fit, most useful first: the key (the crop id), the original headers, the
    // value; room for the DROPPED header itself is set aside.
    long budget = maxRecordBytes - RECORD_OVERHEAD - size(error) - DROPPED.length() - 32;
    List<String> dropped = new ArrayList<>();
    byte[] key = r.key;
    if (length(key) > budget) {
      key = null;
      dropped.add("key");
    }
    budget -= length(key);
    boolean keepHeaders = size(original) <= budget;
    if (keepHeaders) {
      budget -= size(original);
    } else {
      dropped.add(0, "headers");
    }
    byte[] value = r.value;
    if (length(value) > budget) {
      value = null;
      dropped.add(0, "value");
    }
    RecordHeaders headers = new RecordHeaders();
    if (keepHeaders) {
      original.forEach(headers::add);
    }
    error.forEach(headers::add);
    if (!dropped.isEmpty()) {
      headers.add(DROPPED, utf8(String.join(",", dropped)));
    }
    return new ProducerRecord<>(topic, null, null, key, value, headers);
  }

  private static String shortened(String reason) {
    return reason != null && reason.length() > MAX_REASON_CHARS
        ? reason.substring(0, MAX_REASON_CHARS) + "..."
        : reason;
  }

  private static long size(RecordHeaders headers) {
    long n = 0;
    for (Header h : headers) {
      n += HEADER_OVERHEAD + utf8(h.key()).length + length(h.value());
    }
    return n;
  }

  private static long length(byte[] b) {
    return b == null ? 0 : b.length;
  }

  private static byte[] utf8(String s) {
    return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
  }

  /** The topic written to: the sink's pooled transactional ids need it to find open ones. */
  @Override
  public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
    return Optional.of(
        new DefaultKafkaDatasetFacet(DefaultKafkaDatasetIdentifier.ofTopics(List.of(topic))));
  }
}
