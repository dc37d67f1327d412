package dev.grcnn.ocr.cli;

import org.junit.jupiter.api.Test;

class SqlCommandTest {

  @Test
  void badArgumentsGiveOneLineAndExitCodeTwo() {
    CliRun.run("sql", "-e", " ; ").assertOneLineError(OcrCli.USAGE);
    CliRun.run("sql", "-f", "no-such-script.sql").assertOneLineError(OcrCli.USAGE);
    CliRun.run("sql", "--images", "no-such-folder").assertOneLineError(OcrCli.USAGE);
    CliRun.run("sql", "-e", "SELECT 1", "-f", "x.sql").assertOneLineError(OcrCli.USAGE);
    CliRun.run("sql", "--batch-size", "0").assertOneLineError(OcrCli.USAGE);
  }
}
