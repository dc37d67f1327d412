package dev.grcnn.ocr.local.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault test of the README on a small stream: a real Kafka broker, JobManager and two
 * TaskManagers as separate JVMs, the job jar submitted with Flink's client, a TaskManager killed
 * with SIGKILL and the job moved through a savepoint; every crop id comes out exactly once.
 */
class FaultDrillTest {

  private static final Path HOME = Path.of("..").toAbsolutePath().normalize();

  @Test
  void aKilledTaskManagerAndASavepointLoseAndDuplicateNothing(@TempDir Path dir) throws Exception {
    List<String> steps = new ArrayList<>();
    Path clusterDir = dir.resolve("cluster");
    FaultDrill.Counts c =
        FaultDrill.run(
            new FaultDrill.Settings(
                clusterDir, LocalCluster.jobJar(HOME), HOME.resolve("models/default"), 1500, 150),
            steps::add);
    String report = c + " after " + steps;
    assertEquals(1500, c.in(), report);
    assertEquals(0, c.lost(), report);
    assertEquals(0, c.duplicated(), report);
    assertEquals(0, c.misrouted(), report);
    assertEquals(30, c.dead(), report); // one in 50 is corrupt
    assertEquals(1470, c.out(), report);
    assertTrue(c.failures() >= 1, "the kill went unnoticed: " + report);
    assertEquals(0, c.ongoingTransactions(), "transactions left open: " + report);
    assertTrue(
        steps.stream().anyMatch(l -> l.startsWith("Kafka back on")), "no broker outage: " + report);
    assertTrue(
        LocalCluster.open(clusterDir).running().isEmpty(), "processes outlived the cluster's stop");
  }
}
