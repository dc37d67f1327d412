package dev.grcnn.ocr.training.train;

import java.lang.management.ManagementFactory;

/**
 * CPU time of this process, all threads: the JVM's and the native ones the engine starts (OpenMP).
 * Runs compared "at equal CPU-hours" are cut by it rather than by wall time, which on a shared
 * machine depends on what else runs.
 */
final class ProcessCpu {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private ProcessCpu() {}

  /** Seconds of CPU this process used so far. */
  static double seconds() {
    return OS.getProcessCpuTime() / 1e9;
  }
}
