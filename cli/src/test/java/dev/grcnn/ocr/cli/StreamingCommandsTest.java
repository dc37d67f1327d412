package dev.grcnn.ocr.cli;

import static dev.grcnn.ocr.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grcnn.ocr.local.CropFeeder;
import dev.grcnn.ocr.operators.DeadLetterSerializer;
import dev.grcnn.ocr.operators.DecodeCropFunction;
import dev.grcnn.ocr.testkit.EmbeddedKafka;
import dev.grcnn.ocr.testkit.WordCrops;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ocr run}, {@code ocr produce} and {@code ocr consume} in this JVM, against real Kafka. */
class StreamingCommandsTest {

  static EmbeddedKafka kafka;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stop() throws Exception {
    kafka.close();
  }

  private static String utf8(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  /** Everything in a topic, read from its beginning until {@code expected} records came. */
  private static List<ConsumerRecord<byte[], byte[]>> read(String topic, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      c.poll(Duration.ofMillis(300)).forEach(out::add); // anything extra would show here
    }
    return out;
  }

  /** A loopback port nobody listens on. */
  private static String deadBroker() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return "127.0.0.1:" + s.getLocalPort();
    }
  }

  @Test
  void runUntilDonePrintsOneRecognisedLinePerSampleAndExitsZero() throws Exception {
    Path root = CliRun.projectRoot();
    Path samples = root.resolve("samples");
    Set<String> names =
        CropFeeder.files(samples).stream()
            .map(f -> f.getFileName().toString())
            .collect(Collectors.toCollection(TreeSet::new));
    CliRun r =
        run(
            "run",
            "--until-done",
            "--model",
            root.resolve("models/default").toString(),
            "--images",
            samples.toString(),
            "--device",
            "cpu",
            "--batch-size",
            "4");
    System.out.print(r.out());
    assertEquals(0, r.code(), r.err());
    List<String> results = r.out().lines().filter(l -> !l.startsWith("#")).toList();
    assertEquals(names.size(), results.size(), r.out());
    Map<String, String> texts = new HashMap<>();
    for (String line : results) {
      String[] f = line.split("\t");
      assertEquals(4, f.length, line);
      assertTrue(f[1].matches("[0-9a-z]*") && f[2].matches("[01]\\.\\d{4}"), line);
      assertEquals("greedy", f[3], line);
      texts.put(f[0], f[1]);
    }
    assertEquals(names, texts.keySet(), "one line per sample, keyed by its file name");
    // The samples are named after their word; the shipped model reads most of them.
    long right =
        texts.entrySet().stream().filter(e -> e.getKey().startsWith(e.getValue() + ".")).count();
    assertTrue(right >= names.size() / 2, right + " of " + names.size() + ": " + texts);
  }

  @Test
  void produceSendsOneRecordPerImageFileKeyedByItsName() throws Exception {
    String topic = "cli.produce";
    kafka.createTopics(1, List.of(topic));
    Path folder = Files.createDirectory(dir.resolve("crops"));
    Map<String, byte[]> files = new HashMap<>();
    for (String word : List.of("exit", "enter", "quay")) {
      byte[] png = WordCrops.png(word);
      Files.write(folder.resolve(word + ".png"), png);
      files.put(word + ".png", png);
    }
    Files.writeString(folder.resolve(".hidden"), "skipped");
    Path single = dir.resolve("single.png");
    Files.write(single, WordCrops.png("single"));
    files.put("single.png", Files.readAllBytes(single));

    CliRun r =
        run(
            "produce",
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--topic",
            topic,
            "--lexicon",
            "exit,enter",
            folder.toString(),
            single.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("sent 4 crops to " + topic, r.out().strip());
    List<ConsumerRecord<byte[], byte[]>> records = read(topic, 4);
    assertEquals(4, records.size());
    for (ConsumerRecord<byte[], byte[]> record : records) {
      String name = utf8(record.key());
      assertArrayEquals(files.get(name), record.value(), name);
      Header lexicon = record.headers().lastHeader(DecodeCropFunction.LEXICON_HEADER);
      assertEquals("exit,enter", utf8(lexicon.value()));
    }
    assertEquals(
        files.keySet(), records.stream().map(x -> utf8(x.key())).collect(Collectors.toSet()));
  }

  @Test
  void consumePrintsResultsAndDeadLettersUpToItsBound() throws Exception {
    String topic = "cli.consume";
    kafka.createTopics(1, List.of(topic));
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    String result =
        "{\"id\":\"crop-1\",\"text\":\"exit\",\"confidence\":0.91234,\"decoding\":\"record-lexicon\"}";
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, "crop-1".getBytes(), result.getBytes()));
      ProducerRecord<byte[], byte[]> dead =
          new ProducerRecord<>(topic, "crop-2".getBytes(), new byte[] {1, 2});
      dead.headers().add(DeadLetterSerializer.KIND, "CORRUPT".getBytes());
      dead.headers().add(DeadLetterSerializer.REASON, "png data is damaged".getBytes());
      producer.send(dead);
      producer.send(new ProducerRecord<>(topic, "crop-3".getBytes(), result.getBytes()));
    }
    String bootstrap = kafka.bootstrapServers();

    CliRun two =
        run(
            "consume",
            "--bootstrap-servers",
            bootstrap,
            "--topic",
            topic,
            "--from-beginning",
            "--max",
            "2");
    assertEquals(0, two.code(), two.err());
    assertEquals(
        List.of(
            "crop-1\texit\t0.9123\trecord-lexicon", "crop-2\tDEAD\tCORRUPT\tpng data is damaged"),
        two.out().lines().toList());

    CliRun json =
        run(
            "consume",
            "--bootstrap-servers",
            bootstrap,
            "--topic",
            topic,
            "--from-beginning",
            "--json",
            "--idle-seconds",
            "2");
    assertEquals(0, json.code(), json.err());
    assertEquals(3, json.out().lines().count(), json.out());
    assertEquals(result, json.out().lines().findFirst().orElseThrow());

    // From the end (the default), nothing arrives: the idle bound ends it with no line.
    CliRun none =
        run("consume", "--bootstrap-servers", bootstrap, "--topic", topic, "--idle-seconds", "1");
    assertEquals(0, none.code(), none.err());
    assertEquals("", none.out());
  }

  @Test
  void badArgumentsGiveOneLineAndANonZeroExitWithoutAStackTrace() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("some"));
    Files.write(folder.resolve("a.png"), WordCrops.png("a"));
    String bootstrap = kafka.bootstrapServers();
    // The user's mistakes: exit 2.
    run("produce", "--bootstrap-servers", bootstrap, "--topic", "bad topic!", folder.toString())
        .assertOneLineError(OcrCli.USAGE);
    run("consume", "--bootstrap-servers", bootstrap, "--topic", "a/b")
        .assertOneLineError(OcrCli.USAGE);
    run("produce", "--bootstrap-servers", bootstrap, dir.resolve("missing").toString())
        .assertOneLineError(OcrCli.USAGE);
    run("produce", "--timeout-seconds", "0", folder.toString()).assertOneLineError(OcrCli.USAGE);
    run("consume", "--max", "0").assertOneLineError(OcrCli.USAGE);
    run("run", "--images", dir.resolve("missing").toString()).assertOneLineError(OcrCli.USAGE);
    CliRun typo =
        run(
                "run",
                "--model",
                folder.toString(),
                "--images",
                folder.toString(),
                "-Docr.batch.sise=4")
            .assertOneLineError(OcrCli.USAGE);
    assertTrue(typo.err().contains("ocr.batch.sise"), typo.err());
    // A transaction timeout at the run's checkpoint interval (1000) could lose results.
    CliRun slowCommits =
        run(
                "run",
                "--until-done",
                "--model",
                folder.toString(),
                "--images",
                folder.toString(),
                "-Docr.kafka.transaction-timeout-ms=1000")
            .assertOneLineError(OcrCli.USAGE);
    assertTrue(
        slowCommits.err().contains("ocr.checkpoint.interval-ms 1000 + ocr.checkpoint.timeout-ms"),
        slowCommits.err());
    // No broker there: exit 1 within the timeout.
    String nobody = deadBroker();
    CliRun produce =
        run("produce", "--bootstrap-servers", nobody, "--timeout-seconds", "2", folder.toString())
            .assertOneLineError(OcrCli.FAILED);
    assertTrue(produce.err().contains("cannot send to " + nobody), produce.err());
    CliRun consume =
        run("consume", "--bootstrap-servers", nobody, "--timeout-seconds", "2", "--topic", "t")
            .assertOneLineError(OcrCli.FAILED);
    assertTrue(consume.err().contains("cannot read from " + nobody), consume.err());
    CliRun unresolvable =
        run("produce", "--bootstrap-servers", "no-such-host.invalid:9092", folder.toString())
            .assertOneLineError(OcrCli.FAILED);
    assertTrue(unresolvable.err().contains("resolvable"), unresolvable.err());
  }
}
