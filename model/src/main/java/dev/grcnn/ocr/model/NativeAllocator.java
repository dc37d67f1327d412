package dev.grcnn.ocr.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The native memory allocator settings under which PyTorch runs fast here, and what a process
 * actually runs with.
 *
 * <p>PyTorch's CPU kernels allocate and free buffers of megabytes on every forward and backward
 * pass. glibc by default maps such buffers afresh and unmaps them when freed (its mmap threshold
 * starts at 128 KiB and adapts upwards only to 32 MiB), and jemalloc by default purges freed
 * allocations above 8 MiB at once; either way every pass page-faults its buffers in again, which
 * here halved inference and training speed. The settings below keep freed pages for the next pass
 * instead (README, "Native memory allocator").
 */
public final class NativeAllocator {

  /**
   * glibc's tuning: no buffer below 32 MiB is mapped on its own (glibc refuses a larger threshold
   * on 64-bit and then keeps its default), freed memory is never trimmed below 4 GiB of free top,
   * and the heap grows in steps of 256 MiB.
   */
  public static final Map<String, String> GLIBC = glibc();

  /** glibc's largest mmap threshold on 64-bit: a larger value is ignored. */
  public static final long GLIBC_MAX_MMAP_THRESHOLD = 32L << 20;

  /** jemalloc's tuning ({@code MALLOC_CONF}): dirty pages are kept, never decayed or purged. */
  public static final String JEMALLOC_CONF = "dirty_decay_ms:-1,muzzy_decay_ms:-1";

  /** Where Debian and Ubuntu (and so Flink's image) install jemalloc. */
  public static final String JEMALLOC_LIBRARY = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2";

  private NativeAllocator() {}

  private static Map<String, String> glibc() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("MALLOC_MMAP_THRESHOLD_", "33554432");
    m.put("MALLOC_TRIM_THRESHOLD_", "4294967296");
    m.put("MALLOC_TOP_PAD_", "268435456");
    return Collections.unmodifiableMap(m);
  }

  /**
   * The glibc variables for a child process that runs PyTorch: the tuned values, except where
   * {@code callerEnv} has its own (the caller's values win, as in the {@code ./ocr} launcher).
   */
  public static Map<String, String> glibcFor(Map<String, String> callerEnv) {
    Map<String, String> env = new LinkedHashMap<>();
    GLIBC.forEach((k, v) -> env.put(k, callerEnv.getOrDefault(k, v)));
    return env;
  }

  /**
   * Why an environment would make PyTorch slow, if it would.
   *
   * @param jemalloc whether jemalloc is the process's allocator (preloaded)
   * @param env the process's environment
   * @return the problem, empty when freed pages are kept for the next pass
   */
  public static Optional<String> problem(boolean jemalloc, Map<String, String> env) {
    if (jemalloc) {
      String conf = env.getOrDefault("MALLOC_CONF", "");
      Map<String, String> options = jemallocOptions(conf);
      if (!"-1".equals(options.get("dirty_decay_ms"))) {
        return Optional.of(
            "jemalloc without MALLOC_CONF dirty_decay_ms:-1 (MALLOC_CONF="
                + (conf.isEmpty() ? "unset" : conf)
                + ") purges PyTorch's freed buffers; set MALLOC_CONF="
                + JEMALLOC_CONF);
      }
      return Optional.empty();
    }
    for (Map.Entry<String, String> e : GLIBC.entrySet()) {
      String value = env.get(e.getKey());
      long v;
      try {
        v = value == null ? -1 : Long.parseLong(value.strip());
      } catch (NumberFormatException x) {
        v = -1;
      }
      long wanted = Long.parseLong(e.getValue());
      boolean tooHigh = e.getKey().equals("MALLOC_MMAP_THRESHOLD_") && v > GLIBC_MAX_MMAP_THRESHOLD;
      if (v < wanted || tooHigh) {
        return Optional.of(
            "glibc with "
                + e.getKey()
                + (value == null ? " unset" : "=" + value)
                + (tooHigh ? " (above 32 MiB, which glibc ignores)" : "")
                + " maps and unmaps PyTorch's buffers on every pass; set "
                + e.getKey()
                + "="
                + e.getValue());
      }
    }
    return Optional.empty();
  }

  /** jemalloc's {@code MALLOC_CONF}, {@code key:value} pairs separated by commas. */
  static Map<String, String> jemallocOptions(String conf) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String pair : conf.split(",")) {
      String[] kv = pair.split(":", 2);
      if (kv.length == 2) {
        options.put(kv[0].strip(), kv[1].strip());
      }
    }
    return options;
  }

  /** Whether jemalloc is loaded into this process (Linux: read from /proc/self/maps). */
  public static boolean jemallocLoaded() {
    try {
      List<String> maps = Files.readAllLines(Path.of("/proc/self/maps"));
      return maps.stream().anyMatch(l -> l.contains("libjemalloc"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** This process's allocator and its settings, in one line for logs and benchmark headers. */
  public static String describeThisProcess() {
    return describe(jemallocLoaded(), System.getenv());
  }

  /** An allocator and its settings in one line, e.g. "glibc MALLOC_MMAP_THRESHOLD_=33554432". */
  public static String describe(boolean jemalloc, Map<String, String> env) {
    StringBuilder s = new StringBuilder(jemalloc ? "jemalloc" : "glibc");
    if (jemalloc) {
      String conf = env.get("MALLOC_CONF");
      s.append(conf == null ? " defaults" : " MALLOC_CONF=" + conf);
    } else {
      boolean any = false;
      for (String k : GLIBC.keySet()) {
        if (env.containsKey(k)) {
          s.append(' ').append(k).append('=').append(env.get(k));
          any = true;
        }
      }
      if (!any) {
        s.append(" defaults");
      }
    }
    return s.toString();
  }
}
