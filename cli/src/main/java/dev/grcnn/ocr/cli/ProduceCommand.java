package dev.grcnn.ocr.cli;

import dev.grcnn.ocr.job.OcrJobOptions;
import dev.grcnn.ocr.local.CropFeeder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ocr produce}: sends image files to a Kafka topic as the job reads them. */
@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    description = {
      "Sends image files (or every file of a folder) to a Kafka topic: the image bytes as the",
      "value, the file name as the key (the crop id), --lexicon as the ocr.lexicon header."
    })
final class ProduceCommand implements Callable<Integer> {

  @Option(
      names = "--topic",
      defaultValue = OcrJobOptions.DEFAULT_TOPIC_IN,
      description = "Default: ${DEFAULT-VALUE}.")
  String topic;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      defaultValue = "localhost:9092",
      description = "Default: ${DEFAULT-VALUE}.")
  String bootstrapServers;

  @Option(
      names = "--lexicon",
      paramLabel = "WORDS",
      description = "Comma-separated candidate words sent with every crop.")
  String lexicon;

  @Option(
      names = "--timeout-seconds",
      paramLabel = "S",
      defaultValue = "30",
      description =
          "Give up when the broker has not taken the crops after S seconds (default:"
              + " ${DEFAULT-VALUE}).")
  double timeoutSeconds;

  @Mixin KafkaClientOptions kafka;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Image files or folders.")
  List<Path> paths;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    KafkaArguments.checkTopic(topic);
    Duration timeout = KafkaArguments.timeout(timeoutSeconds);
    Map<String, String> client = kafka.clientProperties();
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        files.addAll(CropFeeder.files(p));
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      } else {
        throw new UsageException("no such file or folder: " + p);
      }
    }
    try (CropFeeder feeder = new CropFeeder(bootstrapServers, topic, timeout, client)) {
      feeder.sendFiles(files, lexicon);
      feeder.flush();
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new IllegalStateException(
          "cannot send to " + bootstrapServers + ": " + KafkaArguments.message(e));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("sent " + files.size() + " crops to " + topic);
    out.flush();
    return 0;
  }
}
