package dev.grcnn.ocr.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./ocr} command line: one subcommand per tool. */
@Command(
    name = "ocr",
    mixinStandardHelpOptions = true,
    versionProvider = OcrCli.Version.class,
    description = "GRCNN scene-text recognition: recognise, train, evaluate and stream.",
    subcommands = {
      RunCommand.class,
      SqlCommand.class,
      ProduceCommand.class,
      ConsumeCommand.class,
      RecognizeCommand.class,
      DescribeCommand.class,
      CreateDatasetCommand.class,
      RenderCommand.class,
      TrainCommand.class,
      CurvesCommand.class,
      EvaluateCommand.class,
      VisualizeCommand.class,
      BenchCommand.class,
      ClusterCommand.class,
      DeployCommand.class,
      CommandLine.HelpCommand.class
    })
public final class OcrCli implements Runnable {

  /** Exit code of a bad argument. */
  public static final int USAGE = 2;

  /** Exit code of a failure that is not the user's argument. */
  public static final int FAILED = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs a command line and returns the exit code. */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs a command line with the given output streams and returns the exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new OcrCli());
    cli.setOut(out);
    cli.setErr(err);
    // Descriptions are written in lines of up to 95 characters; the default 80 would re-wrap them.
    cli.setUsageHelpWidth(100);
    cli.setParameterExceptionHandler(OcrCli::onBadArguments);
    cli.setExecutionExceptionHandler(OcrCli::onFailure);
    return cli.execute(args);
  }

  /** One line naming the problem, and where help is; never a stack trace. */
  private static int onBadArguments(CommandLine.ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    String command = e.getCommandLine().getCommandSpec().qualifiedName();
    err.println(command + ": " + e.getMessage() + " (see '" + command + " --help')");
    err.flush();
    return USAGE;
  }

  private static int onFailure(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
    PrintWriter err = cli.getErr();
    if (e instanceof UsageException) {
      err.println(cli.getCommandSpec().qualifiedName() + ": " + e.getMessage());
      err.flush();
      return USAGE;
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    err.println(cli.getCommandSpec().qualifiedName() + ": error: " + message);
    if (Boolean.getBoolean("ocr.debug")) {
      e.printStackTrace(err);
    }
    err.flush();
    return FAILED;
  }

  /** Entry point of the launcher. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = OcrCli.class.getPackage().getImplementationVersion();
      return new String[] {"ocr " + (v == null ? "dev" : v)};
    }
  }
}
