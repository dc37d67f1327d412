package dev.grcnn.ocr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A command line run in this JVM through {@link OcrCli#execute(PrintWriter, PrintWriter,
 * String...)}, as the launcher runs it, with what it printed.
 *
 * @param code the exit code
 * @param out standard output
 * @param err standard error
 */
record CliRun(int code, String out, String err) {

  static CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = OcrCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** Asserts exit {@code code} with one line on standard error and no stack trace. */
  CliRun assertOneLineError(int expectedCode) {
    assertEquals(expectedCode, code, err);
    assertEquals(1, err.strip().lines().count(), err);
    assertFalse(err.contains("Exception") || err.contains("\tat "), err);
    return this;
  }

  /** The project root: the first folder above the working directory with models/default. */
  static Path projectRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("models/default/model.json"))) {
        return p;
      }
    }
    throw new IllegalStateException("no models/default above " + Path.of("").toAbsolutePath());
  }
}
