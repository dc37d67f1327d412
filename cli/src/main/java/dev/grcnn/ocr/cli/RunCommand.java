package dev.grcnn.ocr.cli;

import dev.grcnn.ocr.job.OcrJobConfig;
import dev.grcnn.ocr.job.OcrJobOptions;
import dev.grcnn.ocr.local.CropFeeder;
import dev.grcnn.ocr.local.LocalRunner;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
      "a Kafka broker in this JVM. It feeds the crops of --images (default: the project's",
      "samples/) and prints every result (id, text, confidence, decoding) and dead letter as it",
      "is committed. Ctrl-C stops it cleanly."
    })
final class RunCommand implements Callable<Integer> {

  @Mixin ModelOptions modelOptions;

  @Option(
      names = "--images",
      paramLabel = "DIR",
      description = "Crops to feed, keyed by file name (default: the project's samples/).")
  Path images;

  @Option(names = "--no-feed", description = "Feed nothing; recognise what arrives on the topic.")
  boolean noFeed;

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
      description = "Any job setting (README, 'Configuration'), e.g. -Docr.topic.in=crops.")
  Map<String, String> settings = new HashMap<>();

  @Mixin KafkaClientOptions kafka;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (batchSize < 1) {
      throw new UsageException("--batch-size must be at least 1");
    }
    // The job, the topic creation, the feeder and the reader all take them.
    Map<String, String> client = kafka.clientProperties();
    if (!client.isEmpty() && bootstrapServers == null) {
      throw new UsageException(
          "--kafka-property and --kafka-properties need --bootstrap-servers: the broker in this"
              + " JVM speaks PLAINTEXT");
    }
    List<Path> crops = List.of();
    if (!noFeed) {
      Path folder = images != null ? images : ModelOptions.home().resolve("samples");
      if (!Files.isDirectory(folder)) {
        throw new UsageException("--images: no such directory " + folder);
      }
      crops = CropFeeder.files(folder);
    }
    Map<String, String> keys = new HashMap<>(settings);
    keys.put(OcrJobOptions.MODEL_DIR.key(), modelOptions.requireModelDir().toString());
    keys.put(OcrJobOptions.MODEL_DEVICE.key(), modelOptions.deviceName());
    keys.put(OcrJobOptions.BATCH_SIZE.key(), Integer.toString(batchSize));
    if (bootstrapServers != null) {
      keys.put(OcrJobOptions.BOOTSTRAP_SERVERS.key(), bootstrapServers);
    }
    client.forEach((k, v) -> keys.put(OcrJobOptions.KAFKA_PROPERTIES_PREFIX + k, v));
    checkSettings(keys);
    modelOptions.device();
    PrintWriter out = spec.commandLine().getOut();
    LocalRunner runner = new LocalRunner(keys, out);
    Thread stopper =
        new Thread(
            () -> {
              try {
                runner.stop(Duration.ofSeconds(30));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "ocr-run-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      runner.run(crops, untilDone);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the JVM is stopping and the hook is running.
      }
    }
    return 0;
  }

  /** A bad -D value is the user's: one line and exit 2 before anything starts. */
  private static void checkSettings(Map<String, String> keys) {
    Map<String, String> probe = LocalRunner.withLocalDefaults(keys);
    probe.putIfAbsent(OcrJobOptions.BOOTSTRAP_SERVERS.key(), "in-jvm");
    try {
      OcrJobConfig.from(probe);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
