package dev.grcnn.ocr.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grcnn.ocr.operators.InputFormat;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OcrJobConfigTest {

  private static Map<String, String> minimal() {
    Map<String, String> m = new HashMap<>();
    m.put("ocr.kafka.bootstrap-servers", "kafka:9092");
    m.put("ocr.model.dir", "s3://models/default");
    return m;
  }

  @Test
  void theDefaultsNeedOnlyABrokerAndAModel() {
    OcrJobConfig c = OcrJobConfig.from(minimal());
    assertEquals("ocr.crops", c.inputTopic());
    assertEquals("ocr.text", c.outputTopic());
    assertEquals("ocr.dead-letter", c.deadLetterTopic());
    assertEquals(InputFormat.RAW, c.inputFormat());
    assertEquals(32, c.inference().batchSize());
    assertEquals(50, c.inference().maxWaitMillis());
    assertNull(c.inference().lexiconFile());
    assertTrue(c.transactionTimeoutMillis() < OcrJobConfig.BROKER_MAX_TRANSACTION_TIMEOUT_MS);
    assertTrue(c.checkpointIntervalMillis() > 0, "exactly-once needs checkpoints");
  }

  @Test
  void everyKeyIsRead() {
    Map<String, String> m = minimal();
    m.put("ocr.input.format", "JSON");
    m.put("ocr.batch.size", "64");
    m.put("ocr.lexicon.file", "/data/words.txt");
    m.put("ocr.torch.threads", "4");
    m.put("ocr.output.max-record-bytes", "4000000");
    m.put("flink.anything", "is not ours");
    OcrJobConfig c = OcrJobConfig.from(m);
    assertEquals(InputFormat.JSON, c.inputFormat());
    assertEquals(64, c.inference().batchSize());
    assertEquals("/data/words.txt", c.inference().lexiconFile());
    assertEquals(4, c.inference().torchThreads());
    assertEquals(4_000_000, c.maxRecordBytes());
    assertEquals(1_000_000, OcrJobConfig.from(minimal()).maxRecordBytes());
  }

  @Test
  void aMissingBadOrUnknownKeyIsNamed() {
    Map<String, String> noModel = minimal();
    noModel.remove("ocr.model.dir");
    assertEquals(
        "missing ocr.model.dir",
        assertThrows(IllegalArgumentException.class, () -> OcrJobConfig.from(noModel))
            .getMessage());
    for (String[] bad :
        new String[][] {
          {"ocr.batch.size", "0"},
          {"ocr.batch.max-wait-ms", "soon"},
          {"ocr.input.format", "xml"},
          {"ocr.input.bounded", "yes"},
          {"ocr.kafka.transaction-timeout-ms", "3600000"},
          {"ocr.output.max-record-bytes", "1000"},
          {"ocr.batch.sise", "8"}
        }) {
      Map<String, String> m = minimal();
      m.put(bad[0], bad[1]);
      String message =
          assertThrows(IllegalArgumentException.class, () -> OcrJobConfig.from(m)).getMessage();
      assertTrue(message.contains(bad[0]), message);
    }
  }
}
