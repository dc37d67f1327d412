package dev.grcnn.ocr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ocr deploy}: its arguments and preconditions, checked before any container starts. */
class DeployCommandTest {

  @TempDir Path dir;

  @Test
  void badArgumentsGiveOneLineAndExitCodeTwo() {
    CliRun.run("deploy").assertOneLineError(OcrCli.USAGE);
    CliRun.run("deploy", "smoke", "--count", "2").assertOneLineError(OcrCli.USAGE);
    CliRun.run("deploy", "smoke", "--rate", "0").assertOneLineError(OcrCli.USAGE);
    CliRun.run("deploy", "smoke", "--rest-port", "29092").assertOneLineError(OcrCli.USAGE);
    CliRun.run("deploy", "smoke", "--blob-port", "29250").assertOneLineError(OcrCli.USAGE);
    CliRun.run("deploy", "smoke", "--kafka-port", "70000").assertOneLineError(OcrCli.USAGE);
    CliRun.run("deploy", "compose", "--flink-ui-port", "29192").assertOneLineError(OcrCli.USAGE);
    CliRun.run("deploy", "compose", "--crops", dir.resolve("missing").toString())
        .assertOneLineError(OcrCli.USAGE);
    CliRun.run("deploy", "compose", "--crops", dir.toString()).assertOneLineError(OcrCli.USAGE);
  }

  @Test
  void bothSubcommandsTakeTheDebianMirrorWithTheSameDefault() {
    DeployCommand.Smoke smoke = new DeployCommand.Smoke();
    new CommandLine(smoke).parseArgs();
    assertEquals("http://deb.debian.org/debian", smoke.debianMirror.url);
    DeployCommand.Compose compose = new DeployCommand.Compose();
    new CommandLine(compose).parseArgs("--debian-mirror", "http://mirror.example/debian");
    assertEquals("http://mirror.example/debian", compose.debianMirror.url);
  }

  @Test
  void withoutPodmanTheCommandNamesThePackages() {
    UsageException e =
        assertThrows(
            UsageException.class,
            () -> DeployCommand.requireContainerTools(dir, tool -> !tool.equals("podman")));
    assertEquals(
        "podman is missing: install the Debian packages podman runc debootstrap podman-compose"
            + " golang-github-containernetworking-plugin-dnsname (.ci/setup"
            + " .ci/container-packages)",
        e.getMessage());
    e =
        assertThrows(
            UsageException.class,
            () ->
                DeployCommand.requireContainerTools(
                    dir, tool -> !tool.equals("podman-compose"), "podman-compose"));
    assertTrue(e.getMessage().startsWith("podman-compose is missing"), e.getMessage());
  }

  @Test
  void withoutTheBuildContextsTheCommandSaysHowToMakeThem() {
    UsageException e =
        assertThrows(
            UsageException.class, () -> DeployCommand.requireContainerTools(dir, tool -> true));
    assertTrue(e.getMessage().contains("mvn -B -Pstandin -DskipTests package"), e.getMessage());
  }
}
