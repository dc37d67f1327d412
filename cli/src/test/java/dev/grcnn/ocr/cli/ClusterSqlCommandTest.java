package dev.grcnn.ocr.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSqlCommandTest {

  @Test
  void badArgumentsGiveOneLineAndExitCodeTwo() {
    CliRun.run("cluster", "sql", "-f", "no-such-script.sql").assertOneLineError(OcrCli.USAGE);
    CliRun.run("cluster", "sql", "-i", "no-such-init.sql").assertOneLineError(OcrCli.USAGE);
    CliRun.run("cluster", "sql", "--no-such-option").assertOneLineError(OcrCli.USAGE);
  }

  /** Without a cluster started there, one line says so and how to start one. */
  @Test
  void noClusterIsOneLine(@TempDir Path dir) {
    CliRun run =
        CliRun.run("cluster", "sql", "--dir", dir.toString()).assertOneLineError(OcrCli.FAILED);
    assertTrue(run.err().contains("ocr cluster start"), run.err());
  }
}
