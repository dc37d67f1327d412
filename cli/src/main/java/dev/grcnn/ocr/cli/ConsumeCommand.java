package dev.grcnn.ocr.cli;

import dev.grcnn.ocr.job.OcrJobOptions;
import dev.grcnn.ocr.local.CommittedTail;
import dev.grcnn.ocr.local.ResultLines;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ocr consume}: prints what the job committed to a topic. */
@Command(
    name = "consume",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the committed records of a topic (read_committed: only what the job's",
      "transactions committed), one line each: id, text, confidence, decoding for results;",
      "id, DEAD, kind, reason for dead letters. Ctrl-C stops it."
    })
final class ConsumeCommand implements Callable<Integer> {

  @Option(
      names = "--topic",
      defaultValue = OcrJobOptions.DEFAULT_TOPIC_OUT,
      description = "Default: ${DEFAULT-VALUE}.")
  List<String> topics;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      defaultValue = "localhost:9092",
      description = "Default: ${DEFAULT-VALUE}.")
  String bootstrapServers;

  @Option(names = "--from-beginning", description = "Also print what is already there.")
  boolean fromBeginning;

  @Option(names = "--json", description = "Print the record values as they are (JSON results).")
  boolean json;

  @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
  long max = Long.MAX_VALUE;

  @Option(
      names = "--idle-seconds",
      paramLabel = "S",
      description = "Stop when nothing arrived for S seconds (default: follow on).")
  double idleSeconds;

  @Option(
      names = "--timeout-seconds",
      paramLabel = "S",
      defaultValue = "30",
      description =
          "Give up when the broker has not answered after S seconds (default:"
              + " ${DEFAULT-VALUE}).")
  double timeoutSeconds;

  @Mixin KafkaClientOptions kafka;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (max < 1 || idleSeconds < 0) {
      throw new UsageException("--max must be positive and --idle-seconds not negative");
    }
    topics.forEach(KafkaArguments::checkTopic);
    Duration timeout = KafkaArguments.timeout(timeoutSeconds);
    Map<String, String> client = kafka.clientProperties();
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch closed = new CountDownLatch(1);
    CommittedTail tail;
    try {
      tail = new CommittedTail(bootstrapServers, topics, fromBeginning, timeout, client);
    } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
      throw new IllegalStateException(
          "cannot read from " + bootstrapServers + ": " + KafkaArguments.message(e));
    }
    Thread stopper =
        new Thread(
            () -> {
              tail.stop();
              try {
                closed.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "ocr-consume-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    long[] seen = {0};
    long idleSince = System.nanoTime();
    try {
      while (!tail.stopped() && seen[0] < max) {
        int n;
        try {
          n =
              tail.poll(
                  Duration.ofMillis(200),
                  r -> {
                    if (seen[0] < max) {
                      out.println(
                          json
                              ? new String(r.value(), StandardCharsets.UTF_8)
                              : ResultLines.format(r));
                      seen[0]++;
                    }
                  });
        } catch (org.apache.kafka.common.KafkaException e) {
          // Credentials refused after the first answers, a topic deleted: one line.
          throw new IllegalStateException(
              "cannot read from " + bootstrapServers + ": " + KafkaArguments.message(e));
        }
        out.flush();
        if (n > 0) {
          idleSince = System.nanoTime();
        } else if (idleSeconds > 0 && System.nanoTime() - idleSince > idleSeconds * 1e9) {
          break;
        }
      }
    } finally {
      tail.close();
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running.
      }
    }
    return 0;
  }
}
