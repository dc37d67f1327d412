package dev.grcnn.ocr.operators;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Keeps each input record whole; validation happens downstream, where it can dead-letter. */
public final class CropDeserializer implements KafkaRecordDeserializationSchema<CropRecord> {

  private static final long serialVersionUID = 1L;

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> in, Collector<CropRecord> out) {
    CropRecord record = new CropRecord();
    record.key = in.key();
    record.value = in.value();
    for (Header h : in.headers()) {
      record.headerNames.add(h.key());
      record.headerValues.add(h.value());
    }
    record.topic = in.topic();
    record.partition = in.partition();
    record.offset = in.offset();
    out.collect(record);
  }

  @Override
  public TypeInformation<CropRecord> getProducedType() {
    return TypeInformation.of(CropRecord.class);
  }
}
