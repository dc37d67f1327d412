package dev.grcnn.ocr.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.grcnn.ocr.testkit.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster jar ({@code grcnn-job-*-flink.jar}, which goes to every TaskManager) holds the job
 * and nothing of the local tooling or of a test kit. Runs after {@code package} (failsafe).
 */
class ClusterJarIT {

  /**
   * Packages whose classes never belong in the cluster jar: the local tooling ({@code local/}), the
   * in-JVM broker ({@code testkit/}), the command line and training, Kafka's test kit and broker,
   * JUnit. (Kafka's client keeps a {@code kafka/kafka-version.properties}: not a class.)
   */
  static final List<String> FORBIDDEN_PACKAGES =
      List.of(
          "dev/grcnn/ocr/local/",
          "dev/grcnn/ocr/testkit/",
          "dev/grcnn/ocr/cli/",
          "dev/grcnn/ocr/training/",
          "org/apache/kafka/common/test/",
          "kafka/",
          "org/junit/");

  /**
   * The local tooling by class name (issue 13), in no package at all: the runner, feeders,
   * benchmarks and probes that {@code job/} once held, and the local cluster of {@code cli/}.
   */
  static final Set<String> LOCAL_TOOLING =
      Set.of(
          "LocalRunner",
          "EmbeddedKafka",
          "KafkaBroker",
          "BenchRig",
          "JobBenchmark",
          "SoakBenchmark",
          "MemoryProbe",
          "HostileRecords",
          "BenchCrops",
          "WordCrops",
          "CropFeeder",
          "CropRound",
          "CommittedTail",
          "Topics",
          "ResultLines",
          "LocalCluster",
          "FaultDrill",
          "KafkaBrokerProcess",
          "LocalKafka",
          "FlinkProcesses",
          "ChildJvm");

  private static Set<String> entries;

  @BeforeAll
  static void read() throws IOException {
    String property = System.getProperty("job.jar");
    // Set by failsafe, which runs this after package; a unit test run (-Dtest=...) has no jar yet.
    assumeTrue(property != null, "no job.jar: ClusterJarIT runs in mvn verify (failsafe)");
    Path jar = Path.of(property);
    assertTrue(Files.isRegularFile(jar), "no cluster jar at " + jar + ": run mvn package");
    entries = entries(jar);
  }

  @Test
  void holdsTheJobAndWhatItRunsWith() {
    for (Class<?> c : List.of(OcrStreamingJob.class, OcrJobConfig.class)) {
      assertTrue(entries.contains(resource(c)), resource(c));
    }
    for (String c :
        List.of(
            "dev/grcnn/ocr/operators/BatchingInferenceOperator.class",
            "dev/grcnn/ocr/model/OcrModel.class",
            "org/apache/flink/connector/kafka/sink/KafkaSink.class",
            "org/apache/kafka/clients/producer/KafkaProducer.class")) {
      assertTrue(entries.contains(c), c);
    }
  }

  @Test
  void holdsNoLocalToolingAndNoTestKit() {
    Set<String> forbidden =
        entries.stream()
            .filter(e -> e.endsWith(".class"))
            .filter(
                e ->
                    FORBIDDEN_PACKAGES.stream().anyMatch(e::startsWith)
                        || LOCAL_TOOLING.contains(simpleName(e)))
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(Set.of(), forbidden);
  }

  /**
   * Class by class: nothing of the test kits on this test's class path (this project's and Kafka's,
   * with the broker it runs) is in the jar, and the forbidden packages cover them all, so the check
   * above cannot pass for a misspelt package.
   */
  @Test
  void noClassOfTheTestKitsIsInTheJarAndThePackagesAboveCoverThem() throws Exception {
    for (Class<?> kit :
        List.of(EmbeddedKafka.class, KafkaClusterTestKit.class, Class.forName("kafka.Kafka"))) {
      Set<String> classes =
          entries(Path.of(kit.getProtectionDomain().getCodeSource().getLocation().toURI())).stream()
              .filter(e -> e.endsWith(".class") && !e.contains("module-info"))
              .collect(Collectors.toSet());
      assertTrue(classes.contains(resource(kit)), kit + " not found where it was loaded from");
      Set<String> inJar =
          classes.stream().filter(entries::contains).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(Set.of(), inJar, "classes of " + kit.getName() + "'s jar in the cluster jar");
      Set<String> uncovered =
          classes.stream()
              .filter(c -> FORBIDDEN_PACKAGES.stream().noneMatch(c::startsWith))
              .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(Set.of(), uncovered, "classes of " + kit.getName() + " no package rule covers");
    }
  }

  private static String resource(Class<?> c) {
    return c.getName().replace('.', '/') + ".class";
  }

  private static String simpleName(String entry) {
    String name = entry.substring(entry.lastIndexOf('/') + 1, entry.length() - ".class".length());
    int inner = name.indexOf('$');
    return inner < 0 ? name : name.substring(0, inner);
  }

  /** The file entries of a jar, or the files under a class folder, as jar entry names. */
  private static Set<String> entries(Path jarOrFolder) throws IOException {
    if (Files.isDirectory(jarOrFolder)) {
      try (Stream<Path> files = Files.walk(jarOrFolder)) {
        return files
            .filter(Files::isRegularFile)
            .map(f -> jarOrFolder.relativize(f).toString().replace('\\', '/'))
            .collect(Collectors.toSet());
      }
    }
    try (JarFile jar = new JarFile(jarOrFolder.toFile())) {
      return jar.stream()
          .filter(e -> !e.isDirectory())
          .map(e -> e.getName())
          .collect(Collectors.toSet());
    }
  }
}
