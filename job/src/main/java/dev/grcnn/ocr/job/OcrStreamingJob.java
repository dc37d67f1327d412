package dev.grcnn.ocr.job;

import dev.grcnn.ocr.operators.BatchingInferenceOperator;
import dev.grcnn.ocr.operators.CropDeserializer;
import dev.grcnn.ocr.operators.CropRecord;
import dev.grcnn.ocr.operators.DeadLetterSerializer;
import dev.grcnn.ocr.operators.DecodeCropFunction;
import dev.grcnn.ocr.operators.DecodedCrop;
import dev.grcnn.ocr.operators.Recognized;
import dev.grcnn.ocr.operators.RecognizedSerializer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;

/**
 * The streaming OCR job: Kafka crops, decode and validate (bad records to the dead-letter topic),
 * micro-batched GRCNN inference with lexicon decoding, results to Kafka, exactly once. This class
 * only wires; the operators live in {@code dev.grcnn.ocr.operators}.
 *
 * <p>On a cluster: {@code flink run -c dev.grcnn.ocr.job.OcrStreamingJob grcnn-job-*-flink.jar
 * --ocr.kafka.bootstrap-servers kafka:9092 --ocr.model.dir s3://models/default}; {@code ocr.*} keys
 * may also come from the cluster's Flink configuration, arguments win.
 */
public final class OcrStreamingJob {

  /** The job's name in Flink. */
  public static final String NAME = "grcnn-ocr";

  /** Kafka's default {@code max.request.size} (1 MiB): the sinks' producers never ask for less. */
  static final int KAFKA_DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;

  /**
   * What a producer request holds besides its record (batch and request headers), added to {@code
   * ocr.output.max-record-bytes} for the sinks' {@code max.request.size}.
   */
  static final int REQUEST_FRAMING_ALLOWANCE = 64 * 1024;

  private OcrStreamingJob() {}

  /** Adds the job's pipeline to an environment and turns on exactly-once checkpointing. */
  public static void build(StreamExecutionEnvironment env, OcrJobConfig c) {
    build(env, c, UnaryOperator.identity());
  }

  /**
   * As {@link #build(StreamExecutionEnvironment, OcrJobConfig)}, with {@code beforeInference}
   * applied to the decoded crops (the tests inject a failure there).
   */
  static void build(
      StreamExecutionEnvironment env,
      OcrJobConfig c,
      UnaryOperator<DataStream<DecodedCrop>> beforeInference) {
    env.enableCheckpointing(c.checkpointIntervalMillis());
    // Well below the transaction timeout (OcrJobConfig checks it): a checkpoint that cannot
    // complete in time fails, and the job restarts from the last one before the broker aborts
    // the transactions it would commit.
    env.getCheckpointConfig().setCheckpointTimeout(c.checkpointTimeoutMillis());
    BoundedRestarts.applyUnlessSet(env);
    KafkaSourceBuilder<CropRecord> source =
        KafkaSource.<CropRecord>builder()
            .setBootstrapServers(c.bootstrapServers())
            .setTopics(c.inputTopic())
            .setGroupId(c.groupId())
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new CropDeserializer())
            // Only crops whose producers committed: upstream exactly-once pipelines stay so.
            .setProperty(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
    // Security and other client properties; none of them is one the job sets itself.
    c.kafkaProperties().forEach(source::setProperty);
    if (c.bounded()) {
      source.setBounded(OffsetsInitializer.latest());
    }
    SingleOutputStreamOperator<DecodedCrop> decoded =
        env.fromSource(source.build(), WatermarkStrategy.noWatermarks(), "crops")
            .uid("crops")
            .process(new DecodeCropFunction(c.decode()))
            .uid("decode")
            .name("decode and validate");
    beforeInference
        .apply(decoded)
        .transform(
            "GRCNN inference",
            TypeInformation.of(Recognized.class),
            new BatchingInferenceOperator(c.inference()))
        .uid("inference")
        .sinkTo(sink(c, "text", new RecognizedSerializer(c.outputTopic())))
        .uid("text-sink")
        .name("text");
    decoded
        .getSideOutput(DecodeCropFunction.DEAD_LETTERS)
        .sinkTo(
            sink(
                c,
                "dead",
                new DeadLetterSerializer(c.deadLetterTopic(), c.decode().maxRecordBytes())))
        .uid("dead-letter-sink")
        .name("dead letters");
  }

  private static <T> KafkaSink<T> sink(
      OcrJobConfig c, String name, KafkaRecordSerializationSchema<T> schema) {
    Properties props = new Properties();
    props.putAll(c.kafkaProperties());
    // Must not exceed the broker's transaction.max.timeout.ms, or every transaction is refused.
    props.setProperty(
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(c.transactionTimeoutMillis()));
    // Records stay under ocr.output.max-record-bytes (the operators see to it); the producer must
    // accept them with their framing.
    props.setProperty(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        Integer.toString(
            Math.max(
                KAFKA_DEFAULT_MAX_REQUEST_SIZE,
                c.decode().maxRecordBytes() + REQUEST_FRAMING_ALLOWANCE)));
    return KafkaSink.<T>builder()
        .setBootstrapServers(c.bootstrapServers())
        .setRecordSerializer(schema)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(c.transactionalIdPrefix() + "-" + name)
        // Reuses transactional ids: the default names a new one per checkpoint, and the broker
        // keeps each name's metadata in memory for 7 days (transactional.id.expiration.ms).
        .setTransactionNamingStrategy(TransactionNamingStrategy.POOLING)
        .setKafkaProducerConfig(props)
        .build();
  }

  /**
   * Runs the job. Arguments are {@code --key value} pairs: {@code ocr.*} keys are the job's
   * settings (they may also be set in the cluster's Flink configuration), any other key is a Flink
   * option for this job (e.g. {@code --parallelism.default 4}).
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> arguments = ParameterTool.fromArgs(args).toMap();
    Map<String, String> flinkOptions = new HashMap<>();
    arguments.forEach(
        (k, v) -> {
          if (!k.startsWith(OcrJobOptions.PREFIX)) {
            flinkOptions.put(k, v);
          }
        });
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(Configuration.fromMap(flinkOptions));
    Map<String, String> settings = new HashMap<>();
    env.getConfiguration()
        .toMap()
        .forEach(
            (k, v) -> {
              if (k.startsWith(OcrJobOptions.PREFIX)) {
                settings.put(k, v);
              }
            });
    settings.putAll(arguments);
    OcrJobConfig config = OcrJobConfig.from(settings);
    KafkaPreflight.check(config);
    build(env, config);
    env.execute(NAME);
  }
}
