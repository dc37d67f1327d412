package dev.grcnn.ocr.cli;

import picocli.CommandLine.Command;

/** {@code ocr bench}: the benchmarks named in the README. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks; figures go to stdout as a table.",
    subcommands = {
      BenchForwardCommand.class,
      BenchAccuracyCommand.class,
      BenchJobCommand.class,
      BenchSoakCommand.class,
      BenchAllocatorsCommand.class
    })
final class BenchCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "name a benchmark: " + String.join(", ", spec.subcommands().keySet()));
  }
}
