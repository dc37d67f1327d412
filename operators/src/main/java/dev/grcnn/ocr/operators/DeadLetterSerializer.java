package dev.grcnn.ocr.operators;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes a dead letter: the original key, value and headers, plus headers saying why ({@code
 * ocr.error.kind}, {@code ocr.error.reason}) and where it came from ({@code ocr.source.topic},
 * {@code ocr.source.partition}, {@code ocr.source.offset}).
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

  private final String topic;

  /** A serializer to {@code topic}. */
  public DeadLetterSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      DeadLetter letter, KafkaSinkContext context, Long timestamp) {
    CropRecord r = letter.record;
    RecordHeaders headers = new RecordHeaders();
    for (int i = 0; i < r.headerNames.size(); i++) {
      headers.add(r.headerNames.get(i), r.headerValues.get(i));
    }
    headers.add(KIND, utf8(letter.kind));
    headers.add(REASON, utf8(letter.reason));
    headers.add(SOURCE_TOPIC, utf8(r.topic));
    headers.add(SOURCE_PARTITION, utf8(Integer.toString(r.partition)));
    headers.add(SOURCE_OFFSET, utf8(Long.toString(r.offset)));
    return new ProducerRecord<>(topic, null, null, r.key, r.value, headers);
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
