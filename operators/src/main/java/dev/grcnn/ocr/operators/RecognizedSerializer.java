package dev.grcnn.ocr.operators;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes a result as JSON to the output topic, keyed by the crop id. */
public final class RecognizedSerializer
    implements KafkaRecordSerializationSchema<Recognized>, KafkaDatasetFacetProvider {

  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String topic;

  /** A serializer to {@code topic}. */
  public RecognizedSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      Recognized result, KafkaSinkContext context, Long timestamp) {
    // The input's key bytes as they came: the id is their UTF-8 decoding, lossy for other bytes.
    byte[] key = result.key != null ? result.key : result.id.getBytes(StandardCharsets.UTF_8);
    try {
      return new ProducerRecord<>(topic, key, JSON.writeValueAsBytes(result));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a result as JSON", e);
    }
  }

  /** The topic written to: the sink's pooled transactional ids need it to find open ones. */
  @Override
  public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
    return Optional.of(
        new DefaultKafkaDatasetFacet(DefaultKafkaDatasetIdentifier.ofTopics(List.of(topic))));
  }
}
