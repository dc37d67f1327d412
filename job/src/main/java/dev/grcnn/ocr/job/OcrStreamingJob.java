package dev.grcnn.ocr.job;

import dev.grcnn.ocr.operators.BatchingInferenceOperator;
import dev.grcnn.ocr.operators.CropDeserializer;
import dev.grcnn.ocr.operators.CropRecord;
import dev.grcnn.ocr.operators.DeadLetterSerializer;
import dev.grcnn.ocr.operators.DecodeCropFunction;
import dev.grcnn.ocr.operators.DecodedCrop;
import dev.grcnn.ocr.operators.Recognized;
import dev.grcnn.ocr.operators.RecognizedSerializer;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The streaming OCR job: Kafka crops, decode and validate (bad records to the dead-letter topic),
 * micro-batched GRCNN inference, results to Kafka, exactly once. This class only wires.
 */
public final class OcrStreamingJob {

  /** Kafka's default maximum is 15 minutes; the sink's transactions must stay below it. */
  static final String TRANSACTION_TIMEOUT_MS = "600000";

  private OcrStreamingJob() {}

  /** Adds the job's pipeline to an environment and turns on exactly-once checkpointing. */
  public static void build(StreamExecutionEnvironment env, OcrJobConfig c) {
    if (c.checkpointIntervalMillis() > 0) {
      env.enableCheckpointing(c.checkpointIntervalMillis());
    }
    KafkaSourceBuilder<CropRecord> source =
        KafkaSource.<CropRecord>builder()
            .setBootstrapServers(c.bootstrapServers())
            .setTopics(c.inputTopic())
            .setGroupId(c.groupId())
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new CropDeserializer())
            // Only crops whose producers committed: upstream exactly-once pipelines stay so.
            .setProperty("isolation.level", "read_committed");
    if (c.bounded()) {
      source.setBounded(OffsetsInitializer.latest());
    }
    SingleOutputStreamOperator<DecodedCrop> decoded =
        env.fromSource(source.build(), WatermarkStrategy.noWatermarks(), "crops")
            .uid("crops")
            .process(
                new DecodeCropFunction(c.maxImageBytes(), c.maxImagePixels(), c.maxLexiconWords()))
            .uid("decode")
            .name("decode and validate");
    decoded
        .transform(
            "GRCNN inference",
            TypeInformation.of(Recognized.class),
            new BatchingInferenceOperator(
                c.modelDir(), c.device(), c.batchSize(), c.batchMaxWaitMillis(), null))
        .uid("inference")
        .sinkTo(sink(c, "text", new RecognizedSerializer(c.outputTopic())))
        .uid("text-sink")
        .name("text");
    decoded
        .getSideOutput(DecodeCropFunction.DEAD_LETTERS)
        .sinkTo(sink(c, "dead", new DeadLetterSerializer(c.deadLetterTopic())))
        .uid("dead-letter-sink")
        .name("dead letters");
  }

  private static <T> KafkaSink<T> sink(
      OcrJobConfig c,
      String name,
      org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema<T> schema) {
    Properties props = new Properties();
    props.setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
    return KafkaSink.<T>builder()
        .setBootstrapServers(c.bootstrapServers())
        .setRecordSerializer(schema)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(c.transactionalIdPrefix() + "-" + name)
        .setKafkaProducerConfig(props)
        .build();
  }

  /** Runs the job with {@code --ocr.key value} arguments. */
  public static void main(String[] args) throws Exception {
    OcrJobConfig config = OcrJobConfig.from(ParameterTool.fromArgs(args).toMap());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    build(env, config);
    env.execute("grcnn-ocr");
  }
}
