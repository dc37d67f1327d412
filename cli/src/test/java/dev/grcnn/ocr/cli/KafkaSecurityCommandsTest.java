package dev.grcnn.ocr.cli;

import static dev.grcnn.ocr.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grcnn.ocr.testkit.EmbeddedKafka;
import dev.grcnn.ocr.testkit.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ocr produce}, {@code consume} and {@code run} against a broker in this JVM that requires
 * SASL PLAIN (the one KafkaSecurityJobTest uses), with the password read from a file through
 * Kafka's FileConfigProvider: the right credentials work, a wrong password is one line and exit 1,
 * a password in the clear is refused (exit 2) without being echoed.
 */
class KafkaSecurityCommandsTest {

  static EmbeddedKafka kafka;
  @TempDir static Path dir;
  static Path crops;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.startWithSaslPlain();
    crops = Files.createDirectories(dir.resolve("crops"));
    for (ImageFiles f : List.of(ImageFiles.PNG, ImageFiles.LOSSY_WEBP)) {
      Files.write(crops.resolve(f.fileName()), f.bytes());
    }
  }

  @AfterAll
  static void stop() throws Exception {
    kafka.close();
  }

  /** A client properties file whose JAAS line takes the password from {@code password}'s file. */
  private static Path clientProperties(String name, String password) throws Exception {
    Path secret = dir.resolve(name + ".secret");
    Files.writeString(secret, "password=" + password + "\n");
    Path props = dir.resolve(name + ".properties");
    Files.writeString(
        props,
        String.join(
            "\n",
            "security.protocol=SASL_PLAINTEXT",
            "sasl.mechanism=PLAIN",
            "config.providers=file",
            "config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider",
            "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\""
                + EmbeddedKafka.SASL_USER
                + "\" password=\"${file:"
                + secret
                + ":password}\";",
            ""));
    return props;
  }

  @Test
  void produceAndConsumeWithTheRightCredentials() throws Exception {
    String topic = "sasl.cli";
    kafka.createTopics(1, List.of(topic));
    String props = clientProperties("right", EmbeddedKafka.SASL_PASSWORD).toString();
    CliRun produce =
        run(
            "produce",
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--topic",
            topic,
            "--kafka-properties",
            props,
            crops.toString());
    assertEquals(0, produce.code(), produce.err());
    assertTrue(produce.out().contains("sent 2 crops to " + topic), produce.out());
    CliRun consume =
        run(
            "consume",
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--topic",
            topic,
            "--from-beginning",
            "--max",
            "2",
            "--kafka-properties",
            props,
            // a single property on the command line beside the file
            "--kafka-property",
            "client.id=ocr-consume-test");
    assertEquals(0, consume.code(), consume.err());
    for (ImageFiles f : List.of(ImageFiles.PNG, ImageFiles.LOSSY_WEBP)) {
      assertTrue(
          consume.out().startsWith(f.fileName() + "\t")
              || consume.out().contains("\n" + f.fileName() + "\t"),
          f.fileName());
    }
  }

  @Test
  void aWrongPasswordIsOneLineAndExitOne() throws Exception {
    String props = clientProperties("wrong", "not-the-password").toString();
    for (String command : List.of("produce", "consume")) {
      List<String> args =
          command.equals("produce")
              ? List.of(
                  "produce",
                  "--bootstrap-servers",
                  kafka.bootstrapServers(),
                  "--timeout-seconds",
                  "10",
                  "--kafka-properties",
                  props,
                  crops.toString())
              : List.of(
                  "consume",
                  "--bootstrap-servers",
                  kafka.bootstrapServers(),
                  "--timeout-seconds",
                  "10",
                  "--kafka-properties",
                  props);
      CliRun r = run(args.toArray(String[]::new)).assertOneLineError(OcrCli.FAILED);
      System.out.print(r.err());
      assertTrue(r.err().contains("Authentication failed"), command + ": " + r.err());
      assertFalse(r.err().contains("not-the-password"), r.err());
    }
    CliRun r =
        run(
                "run",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--no-feed",
                "--model",
                CliRun.projectRoot().resolve("models/default").toString(),
                "--kafka-properties",
                props)
            .assertOneLineError(OcrCli.FAILED);
    assertTrue(r.err().contains("refused the job's credentials"), r.err());
  }

  @Test
  void aPasswordInTheClearIsRefusedWithoutEchoingIt() {
    String jaas =
        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"u\" password=\"hunter2-secret\";";
    for (String command : List.of("produce", "consume", "run")) {
      List<String> args =
          command.equals("produce")
              ? List.of("produce", "--kafka-property", jaas, crops.toString())
              : List.of(command, "--bootstrap-servers", "localhost:1", "--kafka-property", jaas);
      CliRun r = run(args.toArray(String[]::new)).assertOneLineError(OcrCli.USAGE);
      assertTrue(r.err().contains("sasl.jaas.config holds a password in the clear"), r.err());
      assertFalse(r.err().contains("hunter2"), r.err());
    }
    run("consume", "--kafka-property", "isolation.level=read_uncommitted")
        .assertOneLineError(OcrCli.USAGE);
    run("run", "--kafka-property", "security.protocol=SSL").assertOneLineError(OcrCli.USAGE);
  }

  @Test
  void runStreamsThroughTheSaslBroker() throws Exception {
    Path root = CliRun.projectRoot();
    CliRun r =
        run(
            "run",
            "--until-done",
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--kafka-properties",
            clientProperties("run", EmbeddedKafka.SASL_PASSWORD).toString(),
            "--model",
            root.resolve("models/default").toString(),
            "--images",
            crops.toString(),
            "--device",
            "cpu",
            "-Docr.topic.in=sasl.run.crops",
            "-Docr.topic.out=sasl.run.text",
            "-Docr.topic.dead-letter=sasl.run.dead",
            "-Docr.transactional-id-prefix=sasl-run");
    System.out.print(r.out());
    assertEquals(0, r.code(), r.err());
    List<String> results = r.out().lines().filter(l -> !l.startsWith("#")).toList();
    assertEquals(2, results.size(), r.out());
  }
}
