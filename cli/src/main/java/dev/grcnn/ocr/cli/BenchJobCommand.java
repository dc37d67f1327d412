package dev.grcnn.ocr.cli;

import ai.djl.Device;
import dev.grcnn.ocr.local.DecodeWorstCases;
import dev.grcnn.ocr.local.JobBenchmark;
import dev.grcnn.ocr.model.Alphabet;
import dev.grcnn.ocr.model.Folders;
import dev.grcnn.ocr.model.GrcnnConfig;
import dev.grcnn.ocr.model.ModelInfo;
import dev.grcnn.ocr.model.OcrModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ocr bench job}: the streaming job's crops/s and latency beside the raw forward pass. */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = {
      "End-to-end speed of the streaming job with a Kafka broker in this JVM: crops/s from",
      "produce to committed output with a backlog of --count crops, and p50/p99 latency at half",
      "that rate, beside the raw batched forward pass of the same model at the same batch size.",
      "Bar: the job reaches " + JobBenchmark.BAR + "x the raw throughput. Then the SQL path",
      "(INSERT INTO a Kafka table FROM ML_PREDICT, same model, batch settings and checkpoints) on",
      "--count crops, with the batch sizes its micro-batcher reached. Random weights unless",
      "--model is given (speed does not depend on their values)."
    })
final class BenchJobCommand implements Callable<Integer> {

  @Option(names = "--count", defaultValue = "20000", description = "Default: ${DEFAULT-VALUE}.")
  int count;

  @Option(
      names = "--config",
      defaultValue = "compact",
      description = "Model config of the random-weight model (default: ${DEFAULT-VALUE}).")
  String config;

  @Option(names = "--model", paramLabel = "DIR", description = "A model directory instead.")
  Path model;

  @picocli.CommandLine.Mixin DeviceOption device;

  @Option(names = "--batch-size", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--max-wait-ms",
      defaultValue = "50",
      description = "The job's batch max-wait (default: ${DEFAULT-VALUE}).")
  long maxWait;

  @Option(
      names = "--checkpoint-ms",
      defaultValue = "1000",
      description = "The job's checkpoint interval (default: ${DEFAULT-VALUE}).")
  long checkpointMillis;

  @Option(
      names = "--raw-seconds",
      defaultValue = "10",
      description = "Measured seconds of the raw forward pass (default: ${DEFAULT-VALUE}).")
  double rawSeconds;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      description = "Inference tasks (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(
      names = "--hostile-every",
      defaultValue = "10",
      description =
          "A last phase repeats the throughput phase with every Nth record one the job must"
              + " refuse (random bytes, truncated PNG, 100000x100000 header, empty); 0 skips it"
              + " (default: ${DEFAULT-VALUE}).")
  int hostileEvery;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (count < 1 || batchSize < 1 || maxWait < 0 || checkpointMillis < 1 || rawSeconds <= 0) {
      throw new UsageException(
          "--count, --batch-size, --checkpoint-ms and --raw-seconds must be positive");
    }
    if (hostileEvery < 0 || hostileEvery == 1) {
      throw new UsageException("--hostile-every must be 0 (off) or at least 2");
    }
    if (parallelism < 1) {
      throw new UsageException("--parallelism must be at least 1");
    }
    Device dev = device.device();
    PrintWriter out = spec.commandLine().getOut();
    Path temp = null;
    Path dir = model;
    String name;
    try {
      if (dir == null) {
        GrcnnConfig cfg = Arguments.config("--config", config);
        temp = Files.createTempDirectory("grcnn-bench-model-");
        dir = temp.resolve("model");
        try (OcrModel m =
            OcrModel.create(ModelInfo.untrained("bench", cfg, Alphabet.DEFAULT), dev)) {
          m.save(dir);
        }
        name = cfg.name() + " (random weights)";
      } else {
        if (!Files.isRegularFile(dir.resolve(OcrModel.INFO_FILE))) {
          throw new UsageException("--model: no model at " + dir);
        }
        name = OcrModel.readInfo(dir).name();
      }
      JobBenchmark.Result r =
          JobBenchmark.run(
              new JobBenchmark.Settings(
                  dir,
                  device.name(),
                  count,
                  batchSize,
                  maxWait,
                  checkpointMillis,
                  rawSeconds,
                  parallelism,
                  hostileEvery),
              line -> {
                spec.commandLine().getErr().println("# " + line);
                spec.commandLine().getErr().flush();
              });
      out.printf(
          Locale.ROOT,
          "streaming job benchmark, %s, batch %d, max-wait %d ms, checkpoints %d ms, device %s,"
              + " parallelism %d, %d cores, %s%n",
          name,
          batchSize,
          maxWait,
          checkpointMillis,
          dev,
          parallelism,
          Runtime.getRuntime().availableProcessors(),
          LocalDate.now());
      out.printf(Locale.ROOT, "%-34s %12s%n", "measure", "value");
      out.printf(Locale.ROOT, "%-34s %12.1f%n", "raw forward pass, crops/s", r.rawCropsPerSecond());
      out.printf(
          Locale.ROOT,
          "%-34s %12.1f%n",
          "job end-to-end, crops/s (" + count + ")",
          r.jobCropsPerSecond());
      out.printf(
          Locale.ROOT,
          "%-34s %12.2f%n",
          String.format(Locale.ROOT, "job / raw (bar %.2f)", JobBenchmark.BAR),
          r.ratio());
      out.printf(Locale.ROOT, "%-34s %12.1f%n", "job: batch size per crop, mean", r.meanBatch());
      out.printf(Locale.ROOT, "%-34s %12d%n", "job: batch size, max", r.maxBatch());
      out.printf(
          Locale.ROOT,
          "%-34s %12.1f%n",
          "job: its forward passes, crops/s",
          r.jobForwardCropsPerSecond());
      out.printf(
          Locale.ROOT,
          "%-34s %12d%n",
          String.format(Locale.ROOT, "latency p50, ms (%.0f crops/s)", r.latencyRate()),
          r.p50Millis());
      out.printf(
          Locale.ROOT,
          "%-34s %12d%n",
          String.format(Locale.ROOT, "latency p99, ms (%d crops)", r.latencyCount()),
          r.p99Millis());
      out.printf(Locale.ROOT, "%-34s %12d%n", "dead letters", r.deadLetters());
      if (hostileEvery > 0) {
        out.printf(
            Locale.ROOT,
            "%-34s %12.1f%n",
            "good crops/s, 1 in " + hostileEvery + " hostile",
            r.goodCropsPerSecondAmidHostile());
        out.printf(
            Locale.ROOT,
            "%-34s %12.2f%n",
            "  over clean good crops/s (ideal 1)",
            r.goodCropsPerSecondAmidHostile() / r.jobCropsPerSecond());
        out.printf(
            Locale.ROOT, "%-34s %12d%n", "  dead letters of that phase", r.hostileDeadLetters());
        out.printf(
            Locale.ROOT,
            "%-34s %12.2f%n",
            JobBenchmark.LEXICON_BATCH + " crops, no lexicon, s",
            r.plainBatchSeconds());
        out.printf(
            Locale.ROOT,
            "%-34s %12.2f%n",
            JobBenchmark.LEXICON_BATCH + " crops, hostile lexicons, s",
            r.hostileLexiconBatchSeconds());
        out.printf(
            Locale.ROOT,
            "decode into the input, one thread, default limits (median of 3, MB allocated once):%n");
        for (DecodeWorstCases.Line line : DecodeWorstCases.measure(3)) {
          out.printf(
              Locale.ROOT,
              "  %-36s %8d B %8.0f ms %7.1f MB  %s%n",
              line.name(),
              line.bytes(),
              line.medianMillis(),
              line.allocatedMegabytes(),
              line.outcome());
        }
      }
      out.printf(
          Locale.ROOT,
          "%-34s %12.1f%n",
          "SQL path end-to-end, crops/s (" + count + ")",
          r.sqlCropsPerSecond());
      out.printf(Locale.ROOT, "%-34s %12.2f%n", "  over the job's", r.sqlOverJob());
      out.printf(Locale.ROOT, "%-34s %12.1f%n", "SQL: batch size per row, mean", r.sqlMeanBatch());
      out.printf(Locale.ROOT, "%-34s %12d%n", "SQL: batch size, max", r.sqlMaxBatch());
      out.printf(
          Locale.ROOT,
          "%-34s %12.1f%n",
          "SQL: its forward passes, crops/s",
          r.sqlForwardCropsPerSecond());
      out.println(r.barMet() ? "bar met" : "bar NOT met");
      out.flush();
      return 0;
    } finally {
      if (temp != null) {
        Folders.deleteQuietly(temp);
      }
    }
  }
}
