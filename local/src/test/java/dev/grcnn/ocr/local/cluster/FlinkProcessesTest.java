package dev.grcnn.ocr.local.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grcnn.ocr.model.NativeAllocator;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkProcessesTest {

  /** TaskManagers run PyTorch with glibc's tuned settings even when their starter lacks them. */
  @Test
  void taskManagersGetTheAllocatorSettings() {
    Map<String, String> env = FlinkProcesses.taskManagerEnvironment(Map.of());
    assertTrue(NativeAllocator.problem(false, env).isEmpty(), env::toString);
    NativeAllocator.GLIBC.forEach((k, v) -> assertEquals(v, env.get(k), k));
    assertEquals("PASSIVE", env.get("OMP_WAIT_POLICY"));

    Map<String, String> own =
        FlinkProcesses.taskManagerEnvironment(
            Map.of("MALLOC_TOP_PAD_", "1048576", "OMP_WAIT_POLICY", "ACTIVE"));
    assertEquals("1048576", own.get("MALLOC_TOP_PAD_"));
    assertEquals("ACTIVE", own.get("OMP_WAIT_POLICY"));
    assertEquals("33554432", own.get("MALLOC_MMAP_THRESHOLD_"));
  }

  /** The jobs' default parallelism is the slots the TaskManagers have, as Flink reads it. */
  @Test
  void theConfigurationAsksForTheSlotsThereAre(@TempDir Path dir) throws Exception {
    ClusterLayout layout = ClusterLayout.create(dir, 0, 0);
    FlinkProcesses.writeConf(layout, 1, 3);
    Configuration conf = GlobalConfiguration.loadConfiguration(layout.conf().toString());
    assertEquals(3, conf.get(CoreOptions.DEFAULT_PARALLELISM));
    assertEquals(1, conf.get(TaskManagerOptions.NUM_TASK_SLOTS));
    assertEquals(layout.restPort, conf.get(RestOptions.PORT));
  }
}
