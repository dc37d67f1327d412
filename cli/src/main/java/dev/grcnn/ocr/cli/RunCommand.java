package dev.grcnn.ocr.cli;

import dev.grcnn.ocr.job.LocalRunner;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ocr run}: the streaming job on a local Flink, by default with Kafka in this JVM. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the streaming job on a local Flink environment. Without --bootstrap-servers it starts",
      "a Kafka broker in this JVM; it feeds the crops of --images and prints every result",
      "(id, text, confidence) and dead letter as it is committed. Ctrl-C stops it."
    })
final class RunCommand implements Callable<Integer> {

  @Mixin ModelOptions modelOptions;

  @Option(
      names = "--images",
      paramLabel = "DIR",
      description = "Crops to feed (default: the project's samples/).")
  Path images;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description = "A running Kafka cluster instead of the in-JVM broker.")
  String bootstrapServers;

  @Option(names = "--batch-size", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--until-done",
      description = "Stop once every fed crop has come out instead of listening on.")
  boolean untilDone;

  @Option(
      names = "-D",
      paramLabel = "KEY=VALUE",
      description = "Any job setting (see the README's table), e.g. -Docr.topic.in=crops.")
  Map<String, String> settings = new HashMap<>();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path folder = images != null ? images : ModelOptions.home().resolve("samples");
    if (!Files.isDirectory(folder)) {
      throw new UsageException("--images: no such directory " + folder);
    }
    if (batchSize < 1) {
      throw new UsageException("--batch-size must be at least 1");
    }
    Path model = modelOptions.requireModelDir();
    Map<String, String> keys = new HashMap<>(settings);
    keys.put("ocr.model.dir", model.toString());
    keys.put("ocr.model.device", modelOptions.device);
    keys.put("ocr.batch.size", Integer.toString(batchSize));
    if (bootstrapServers != null) {
      keys.put("ocr.kafka.bootstrap-servers", bootstrapServers);
    }
    List<Path> crops = LocalRunner.crops(folder);
    PrintWriter out = spec.commandLine().getOut();
    Thread main = Thread.currentThread();
    // Ctrl-C: stop reading, then give the job and broker time to shut down before the JVM exits.
    Thread stopper =
        new Thread(
            () -> {
              main.interrupt();
              try {
                main.join(15_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "ocr-run-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      LocalRunner.run(keys, crops, untilDone, out);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the JVM is stopping and the hook already ran.
      }
    }
    return 0;
  }
}
