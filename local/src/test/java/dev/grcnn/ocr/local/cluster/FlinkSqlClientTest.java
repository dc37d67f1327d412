package dev.grcnn.ocr.local.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlinkSqlClientTest {

  /**
   * Flink 2.2's SQL Client ends a script at a failed statement with exit code 0; the line it prints
   * (as the client printed it when the provider's jar was left out) is what tells.
   */
  @Test
  void aFailedStatementIsSeenInTheOutput() {
    assertTrue(
        FlinkSqlClient.failed(
            "> FROM ML_PREDICT(TABLE crops, MODEL grcnn, DESCRIPTOR(image))"
                + "\u001b[31;1m[ERROR] Could not execute SQL statement. Reason:"));
    assertFalse(FlinkSqlClient.failed("\u001b[34;1m[INFO] Execute statement succeeded.\u001b[0m"));
    assertFalse(FlinkSqlClient.failed("Job ID: a7e760637b8fa6cfb5db14e7bce1edec"));
  }

  /** The arguments of sql-client.sh's embedded mode: jars as --jar, then -i, then -f. */
  @Test
  void argumentsAreEmbeddedModesOwn() {
    List<String> args =
        FlinkSqlClient.arguments(
            List.of(Path.of("/a/p.jar"), Path.of("/a/k.jar")),
            Path.of("/s/init.sql"),
            Path.of("/s/run.sql"));
    assertEquals(
        List.of(
            "embedded",
            "--jar",
            "/a/p.jar",
            "--jar",
            "/a/k.jar",
            "-i",
            "/s/init.sql",
            "-f",
            "/s/run.sql"),
        args);
    assertEquals(List.of("embedded"), FlinkSqlClient.arguments(List.of(), null, null));
  }
}
