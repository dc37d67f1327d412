package dev.grcnn.ocr.cli;

import dev.grcnn.ocr.local.CropFeeder;
import dev.grcnn.ocr.local.SqlRunner;
import dev.grcnn.ocr.model.decode.Recognition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ocr sql}: Flink SQL with the model {@code grcnn} on Kafka and Flink in this JVM. */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Flink SQL on a local Flink with a Kafka broker in this JVM. The table crops (id",
      "STRING: the record key; image BYTES: the value) reads the input topic, fed with the crops",
      "of --images (default: the project's samples/), and the model grcnn is created. Without -e",
      "or -f it runs: " + SqlRunner.DEFAULT_QUERY,
      "and prints a line per row, fields separated by tabs."
    })
final class SqlCommand implements Callable<Integer> {

  @Mixin ModelOptions modelOptions;

  static final class Source {
    @Option(
        names = "-e",
        paramLabel = "STATEMENTS",
        description = "SQL statements, separated by semicolons.")
    String statements;

    @Option(names = "-f", paramLabel = "FILE", description = "A file of SQL statements.")
    Path file;
  }

  @ArgGroup(exclusive = true)
  Source source;

  @Option(
      names = "--images",
      paramLabel = "DIR",
      description = "Crops to feed, keyed by file name (default: the project's samples/).")
  Path images;

  @Option(names = "--batch-size", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--alternatives",
      paramLabel = "K",
      defaultValue = "0",
      description =
          "Give grcnn the column alternatives with K readings a row (1 to 10; 'output.alternatives')"
              + " (default: ${DEFAULT-VALUE}: no such column).")
  int alternatives;

  @Option(
      names = "--until-done",
      description =
          "crops ends at the offsets of the start (every fed crop), so queries end; without it"
              + " they listen on until Ctrl-C.")
  boolean untilDone;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (batchSize < 1) {
      throw new UsageException("--batch-size must be at least 1");
    }
    if (alternatives < 0 || alternatives > Recognition.MAX_ALTERNATIVES) {
      throw new UsageException(
          "--alternatives must be between 0 and " + Recognition.MAX_ALTERNATIVES);
    }
    List<String> statements = statements();
    Path folder = images != null ? images : ModelOptions.home().resolve("samples");
    if (!Files.isDirectory(folder)) {
      throw new UsageException("--images: no such directory " + folder);
    }
    List<Path> crops = CropFeeder.files(folder);
    Path model = modelOptions.requireModelDir();
    modelOptions.device();
    new SqlRunner(
            model, modelOptions.deviceName(), batchSize, alternatives, spec.commandLine().getOut())
        .run(crops, statements, untilDone);
    return 0;
  }

  private List<String> statements() throws IOException {
    if (source == null) {
      return List.of();
    }
    String sql;
    if (source.file != null) {
      if (!Files.isRegularFile(source.file)) {
        throw new UsageException("-f: no such file " + source.file);
      }
      sql = Files.readString(source.file, StandardCharsets.UTF_8);
    } else {
      sql = source.statements;
    }
    List<String> statements = SqlRunner.statements(sql);
    if (statements.isEmpty()) {
      throw new UsageException("no SQL statement given");
    }
    return statements;
  }
}
