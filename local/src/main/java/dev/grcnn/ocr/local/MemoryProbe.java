package dev.grcnn.ocr.local;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * Reads this JVM's memory: the Java heap in use after a full collection, the JVM's own native
 * memory (Native Memory Tracking, when the JVM was started with {@code
 * -XX:NativeMemoryTracking=summary}), and the resident set size, which alone also counts what
 * PyTorch allocates outside the JVM's view.
 */
public final class MemoryProbe {

  private static final Pattern NMT_TOTAL =
      Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

  /**
   * One reading, in bytes.
   *
   * @param heapAfterGc Java heap used after {@code System.gc()}
   * @param jvmNative JVM-tracked native memory committed, -1 when tracking is off
   * @param rss resident set size, -1 when {@code /proc} is not there
   */
  public record Reading(long heapAfterGc, long jvmNative, long rss) {}

  private MemoryProbe() {}

  /** Collects garbage, then reads. */
  public static Reading read() {
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return new Reading(heap, jvmNative(), rss());
  }

  private static long jvmNative() {
    try {
      Object text =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "vmNativeMemory",
                  new Object[] {new String[] {"summary"}},
                  new String[] {String[].class.getName()});
      Matcher m = NMT_TOTAL.matcher(String.valueOf(text));
      return m.find() ? Long.parseLong(m.group(2)) * 1024 : -1;
    } catch (Exception e) {
      return -1;
    }
  }

  private static long rss() {
    try {
      Matcher m = RSS.matcher(Files.readString(Path.of("/proc/self/status")));
      return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    } catch (IOException e) {
      return -1;
    }
  }
}
