package dev.grcnn.ocr.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grcnn.ocr.operators.InferenceSettings;
import dev.grcnn.ocr.operators.InputFormat;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class OcrJobConfigTest {

  private static Map<String, String> minimal() {
    Map<String, String> m = new HashMap<>();
    m.put(OcrJobOptions.BOOTSTRAP_SERVERS.key(), "kafka:9092");
    m.put(OcrJobOptions.MODEL_DIR.key(), "s3://models/default");
    return m;
  }

  @Test
  void theDefaultsNeedOnlyABrokerAndAModel() {
    OcrJobConfig c = OcrJobConfig.from(minimal());
    assertEquals("ocr.crops", c.inputTopic());
    assertEquals("ocr.text", c.outputTopic());
    assertEquals("ocr.dead-letter", c.deadLetterTopic());
    assertEquals(InputFormat.RAW, c.decode().format());
    assertEquals(32, c.inference().batchSize());
    assertEquals(50, c.inference().maxWaitMillis());
    assertNull(c.inference().lexiconFile());
    assertTrue(c.transactionTimeoutMillis() < OcrJobOptions.BROKER_MAX_TRANSACTION_TIMEOUT_MS);
    assertTrue(c.checkpointIntervalMillis() > 0, "exactly-once needs checkpoints");
    assertTrue(
        c.checkpointIntervalMillis()
                + c.checkpointTimeoutMillis()
                + OcrJobOptions.RESTART_MARGIN_MS.defaultValue()
            < c.transactionTimeoutMillis(),
        "a transaction outlives the checkpoint that commits it");
  }

  @Test
  void aTransactionTimeoutAtTheCheckpointIntervalIsRefusedInOneLineNamingTheKeys() {
    Map<String, String> m = minimal();
    m.put(OcrJobOptions.CHECKPOINT_INTERVAL_MS.key(), "1000");
    m.put(OcrJobOptions.TRANSACTION_TIMEOUT_MS.key(), "1000");
    String message =
        assertThrows(IllegalArgumentException.class, () -> OcrJobConfig.from(m)).getMessage();
    assertEquals(
        "ocr.kafka.transaction-timeout-ms 1000 must exceed ocr.checkpoint.interval-ms 1000"
            + " + ocr.checkpoint.timeout-ms 120000 + ocr.checkpoint.restart-margin-ms 120000"
            + " = 241000, or the broker may abort a transaction before its checkpoint commits it",
        message);
  }

  @Test
  void aCheckpointTimeoutThatLeavesNoRoomForARestartIsRefused() {
    Map<String, String> m = minimal();
    m.put(OcrJobOptions.CHECKPOINT_TIMEOUT_MS.key(), "600000");
    String message =
        assertThrows(IllegalArgumentException.class, () -> OcrJobConfig.from(m)).getMessage();
    assertTrue(message.contains(OcrJobOptions.CHECKPOINT_TIMEOUT_MS.key() + " 600000"), message);
    assertFalse(message.contains("\n"), message);
    m.put(OcrJobOptions.TRANSACTION_TIMEOUT_MS.key(), "900000");
    assertEquals(600_000, OcrJobConfig.from(m).checkpointTimeoutMillis());
  }

  @Test
  void noCheckpointsMeansNoExactlyOnceAndIsRefused() {
    Map<String, String> m = minimal();
    m.put(OcrJobOptions.CHECKPOINT_INTERVAL_MS.key(), "0");
    String message =
        assertThrows(IllegalArgumentException.class, () -> OcrJobConfig.from(m)).getMessage();
    assertTrue(message.startsWith("ocr.checkpoint.interval-ms must be at least 1"), message);
  }

  @Test
  void kafkaClientPropertiesPassThroughWithoutClearPasswords() {
    Map<String, String> m = minimal();
    m.put("ocr.kafka.properties.security.protocol", "SASL_SSL");
    m.put(
        "ocr.kafka.properties.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"ocr\""
            + " password=\"${file:/etc/kafka/secrets:password}\";");
    m.put("ocr.kafka.properties.ssl.truststore.password", "${env:TRUSTSTORE_PASSWORD}");
    OcrJobConfig c = OcrJobConfig.from(m);
    assertEquals("SASL_SSL", c.kafkaProperties().get("security.protocol"));
    assertEquals(3, c.kafkaProperties().size());
    assertTrue(OcrJobConfig.from(minimal()).kafkaProperties().isEmpty());
    for (String[] bad :
        new String[][] {
          {"sasl.jaas.config", "x.PlainLoginModule required username=\"a\" password=\"s3cret\";"},
          {"ssl.keystore.password", "s3cret"},
          {"bootstrap.servers", "elsewhere:9092"},
          {"isolation.level", "read_uncommitted"}
        }) {
      Map<String, String> b = minimal();
      b.put("ocr.kafka.properties." + bad[0], bad[1]);
      String message =
          assertThrows(IllegalArgumentException.class, () -> OcrJobConfig.from(b)).getMessage();
      assertTrue(message.startsWith("ocr.kafka.properties." + bad[0] + " "), message);
      assertFalse(message.contains("s3cret"), message);
    }
  }

  @Test
  void theTransactionTimeoutCapRisesWithTheBrokersSetting() {
    Map<String, String> m = minimal();
    m.put(OcrJobOptions.TRANSACTION_TIMEOUT_MS.key(), "1800000");
    String message =
        assertThrows(IllegalArgumentException.class, () -> OcrJobConfig.from(m)).getMessage();
    assertTrue(
        message.startsWith(
            "ocr.kafka.transaction-timeout-ms 1800000 exceeds"
                + " ocr.kafka.max-transaction-timeout-ms 900000"),
        message);
    m.put(OcrJobOptions.MAX_TRANSACTION_TIMEOUT_MS.key(), "3600000");
    assertEquals(1_800_000, OcrJobConfig.from(m).transactionTimeoutMillis());
  }

  @Test
  void everyKeyIsRead() {
    Map<String, String> m = minimal();
    m.put(OcrJobOptions.INPUT_FORMAT.key(), "JSON");
    m.put(OcrJobOptions.BATCH_SIZE.key(), "64");
    m.put(OcrJobOptions.LEXICON_FILE.key(), "/data/words.txt");
    m.put(OcrJobOptions.TORCH_THREADS.key(), "4");
    m.put(OcrJobOptions.OUTPUT_MAX_RECORD_BYTES.key(), "4000000");
    m.put(OcrJobOptions.OUTPUT_ALTERNATIVES.key(), "10");
    m.put("flink.anything", "is not ours");
    OcrJobConfig c = OcrJobConfig.from(m);
    assertEquals(InputFormat.JSON, c.decode().format());
    assertEquals(64, c.inference().batchSize());
    assertEquals("/data/words.txt", c.inference().lexiconFile());
    assertEquals(4, c.inference().torchThreads());
    assertEquals(4_000_000, c.decode().maxRecordBytes());
    assertEquals(10, c.inference().alternatives());
    assertEquals(1_000_000, OcrJobConfig.from(minimal()).decode().maxRecordBytes());
  }

  @Test
  void aMissingBadOrUnknownKeyIsNamed() {
    Map<String, String> noModel = minimal();
    noModel.remove(OcrJobOptions.MODEL_DIR.key());
    assertEquals(
        "missing ocr.model.dir",
        assertThrows(IllegalArgumentException.class, () -> OcrJobConfig.from(noModel))
            .getMessage());
    for (String[] bad :
        new String[][] {
          {OcrJobOptions.BATCH_SIZE.key(), "0"},
          {OcrJobOptions.BATCH_MAX_WAIT_MS.key(), "soon"},
          {OcrJobOptions.INPUT_FORMAT.key(), "xml"},
          {OcrJobOptions.INPUT_BOUNDED.key(), "yes"},
          {OcrJobOptions.TRANSACTION_TIMEOUT_MS.key(), "3600000"},
          {OcrJobOptions.OUTPUT_MAX_RECORD_BYTES.key(), "1000"},
          {"ocr.batch.sise", "8"}
        }) {
      Map<String, String> m = minimal();
      m.put(bad[0], bad[1]);
      String message =
          assertThrows(IllegalArgumentException.class, () -> OcrJobConfig.from(m)).getMessage();
      assertTrue(message.contains(bad[0]), message);
    }
  }

  @Test
  void badValuesSayWhatTheyShouldBe() {
    for (String[] bad :
        new String[][] {
          {OcrJobOptions.BATCH_MAX_WAIT_MS.key(), "soon", "a non-negative integer"},
          {OcrJobOptions.TORCH_THREADS.key(), "-1", "a non-negative integer"},
          {OcrJobOptions.INPUT_FORMAT.key(), "xml", "raw or json"},
          {OcrJobOptions.INPUT_BOUNDED.key(), "yes", "true or false"},
          {OcrJobOptions.OUTPUT_ALTERNATIVES.key(), "11", "an integer between 0 and 10"},
          {OcrJobOptions.OUTPUT_ALTERNATIVES.key(), "-1", "an integer between 0 and 10"},
          {OcrJobOptions.OUTPUT_ALTERNATIVES.key(), "three", "an integer between 0 and 10"}
        }) {
      Map<String, String> m = minimal();
      m.put(bad[0], bad[1]);
      assertEquals(
          bad[0] + " must be " + bad[2] + ", not '" + bad[1] + "'",
          assertThrows(IllegalArgumentException.class, () -> OcrJobConfig.from(m)).getMessage());
    }
    Map<String, String> blank = minimal();
    blank.put(OcrJobOptions.TOPIC_IN.key(), " ");
    assertEquals(
        "missing ocr.topic.in",
        assertThrows(IllegalArgumentException.class, () -> OcrJobConfig.from(blank)).getMessage());
  }

  @Test
  void theRequiredOptionsAreExactlyThoseTheJobCannotStartWithout() {
    Map<String, String> all = new HashMap<>();
    OcrJobOptions.ALL.forEach(
        o -> all.put(o.key(), o.hasDefaultValue() ? OcrJobOptions.defaultText(o) : "x"));
    OcrJobConfig.from(all);
    for (ConfigOption<?> o : OcrJobOptions.ALL) {
      Map<String, String> without = new HashMap<>(all);
      without.remove(o.key());
      if (OcrJobOptions.REQUIRED.contains(o)) {
        assertFalse(o.hasDefaultValue(), o.key());
        assertEquals(
            "missing " + o.key(),
            assertThrows(IllegalArgumentException.class, () -> OcrJobConfig.from(without))
                .getMessage());
      } else {
        OcrJobConfig.from(without);
      }
    }
  }

  @Test
  void aTypedFlinkConfigurationReadsAsItsKeysDo() {
    Configuration typed = new Configuration();
    typed.set(OcrJobOptions.BOOTSTRAP_SERVERS, "kafka-0:9092,kafka-1:9092");
    typed.set(OcrJobOptions.MODEL_DIR, "s3://models/grcnn/default");
    typed.set(OcrJobOptions.INPUT_FORMAT, InputFormat.JSON);
    typed.set(OcrJobOptions.INPUT_BOUNDED, true);
    typed.set(OcrJobOptions.BATCH_SIZE, 16);
    typed.set(OcrJobOptions.CHECKPOINT_INTERVAL_MS, 2_000L);
    typed.set(OcrJobOptions.TOPIC_IN, "camera: crops");
    Map<String, String> text = minimal();
    text.put(OcrJobOptions.BOOTSTRAP_SERVERS.key(), "kafka-0:9092,kafka-1:9092");
    text.put(OcrJobOptions.MODEL_DIR.key(), "s3://models/grcnn/default");
    text.put(OcrJobOptions.INPUT_FORMAT.key(), "json");
    text.put(OcrJobOptions.INPUT_BOUNDED.key(), "true");
    text.put(OcrJobOptions.BATCH_SIZE.key(), "16");
    text.put(OcrJobOptions.CHECKPOINT_INTERVAL_MS.key(), "2000");
    text.put(OcrJobOptions.TOPIC_IN.key(), "camera: crops");
    assertEquals(OcrJobConfig.from(text), OcrJobConfig.from(typed));
  }

  @Test
  void everyOptionsDefaultIsWhatTheJobUsesWithoutIt() {
    OcrJobConfig c = OcrJobConfig.from(minimal());
    assertEquals(OcrJobOptions.GROUP_ID.defaultValue(), c.groupId());
    assertEquals(OcrJobOptions.INPUT_FORMAT.defaultValue(), c.decode().format());
    assertEquals(OcrJobOptions.INPUT_BOUNDED.defaultValue(), c.bounded());
    assertEquals(OcrJobOptions.MODEL_DEVICE.defaultValue(), c.inference().device());
    assertEquals(OcrJobOptions.BATCH_MAX_WAIT_MS.defaultValue(), c.inference().maxWaitMillis());
    assertEquals(OcrJobOptions.LEXICON_MAX_WORDS.defaultValue(), c.decode().maxLexiconWords());
    assertEquals(OcrJobOptions.IMAGE_MAX_BYTES.defaultValue(), c.decode().maxImageBytes());
    assertEquals(OcrJobOptions.IMAGE_MAX_PIXELS.defaultValue(), c.decode().maxImagePixels());
    assertEquals(OcrJobOptions.TORCH_THREADS.defaultValue(), c.inference().torchThreads());
    assertEquals(
        OcrJobOptions.TORCH_INTEROP_THREADS.defaultValue(), c.inference().torchInteropThreads());
    assertEquals(OcrJobOptions.CHECKPOINT_INTERVAL_MS.defaultValue(), c.checkpointIntervalMillis());
    assertEquals(OcrJobOptions.CHECKPOINT_TIMEOUT_MS.defaultValue(), c.checkpointTimeoutMillis());
    assertEquals(OcrJobOptions.TRANSACTIONAL_ID_PREFIX.defaultValue(), c.transactionalIdPrefix());
    assertEquals(OcrJobOptions.TRANSACTION_TIMEOUT_MS.defaultValue(), c.transactionTimeoutMillis());
    assertEquals(OcrJobOptions.OUTPUT_ALTERNATIVES.defaultValue(), c.inference().alternatives());
    assertEquals(
        InferenceSettings.builder("s3://models/default").build(),
        c.inference(),
        "the builder's defaults are the job's");
    assertEquals(OcrJobOptions.ALL.size(), OcrJobConfig.KEYS.size());
    assertEquals("raw", OcrJobConfig.KEYS.get(OcrJobOptions.INPUT_FORMAT.key()));
  }
}
