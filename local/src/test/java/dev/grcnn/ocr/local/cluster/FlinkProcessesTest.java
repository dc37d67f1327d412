package dev.grcnn.ocr.local.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grcnn.ocr.model.NativeAllocator;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
