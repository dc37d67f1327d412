package dev.grcnn.ocr.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NativeAllocatorTest {

  /** Surefire's environmentVariables (parent pom) give this JVM the launcher's settings. */
  @Test
  void testJvmsRunPyTorchWithTheTunedAllocator() {
    Map<String, String> env = System.getenv();
    Optional<String> problem = NativeAllocator.problem(NativeAllocator.jemallocLoaded(), env);
    assertTrue(problem.isEmpty(), () -> problem.get());
    NativeAllocator.GLIBC.forEach((k, v) -> assertEquals(v, env.get(k), k));
  }

  /** The ./ocr launcher exports exactly these values (as defaults the caller may override). */
  @Test
  void theLauncherExportsTheSameValues() throws Exception {
    String launcher = Files.readString(Path.of("..", "ocr"));
    Matcher m =
        Pattern.compile("export (MALLOC_[A-Z_]+)=\"\\$\\{\\1:-([0-9]+)}\"").matcher(launcher);
    Map<String, String> exported = new LinkedHashMap<>();
    while (m.find()) {
      exported.put(m.group(1), m.group(2));
    }
    assertEquals(NativeAllocator.GLIBC, exported);
  }

  @Test
  void jemallocMustKeepItsDirtyPages() {
    assertTrue(NativeAllocator.problem(true, Map.of()).orElseThrow().contains("MALLOC_CONF"));
    assertTrue(
        NativeAllocator.problem(true, Map.of("MALLOC_CONF", "dirty_decay_ms:10000")).isPresent());
    // glibc's variables do nothing for jemalloc
    assertTrue(NativeAllocator.problem(true, NativeAllocator.GLIBC).isPresent());
    assertTrue(
        NativeAllocator.problem(true, Map.of("MALLOC_CONF", NativeAllocator.JEMALLOC_CONF))
            .isEmpty());
    assertTrue(
        NativeAllocator.problem(true, Map.of("MALLOC_CONF", "narenas:2, dirty_decay_ms:-1"))
            .isEmpty());
  }

  @Test
  void glibcNeedsAllThreeVariablesWithinItsLimits() {
    assertTrue(NativeAllocator.problem(false, NativeAllocator.GLIBC).isEmpty());
    assertTrue(
        NativeAllocator.problem(false, Map.of("MALLOC_CONF", NativeAllocator.JEMALLOC_CONF))
            .orElseThrow()
            .contains("MALLOC_MMAP_THRESHOLD_ unset"));
    for (String k : NativeAllocator.GLIBC.keySet()) {
      Map<String, String> without = new HashMap<>(NativeAllocator.GLIBC);
      without.remove(k);
      assertTrue(NativeAllocator.problem(false, without).orElseThrow().contains(k), k);
      Map<String, String> garbled = new HashMap<>(NativeAllocator.GLIBC);
      garbled.put(k, "32m");
      assertTrue(NativeAllocator.problem(false, garbled).isPresent(), k);
    }
    Map<String, String> tooHigh = new HashMap<>(NativeAllocator.GLIBC);
    tooHigh.put("MALLOC_MMAP_THRESHOLD_", Long.toString(64L << 20));
    assertTrue(NativeAllocator.problem(false, tooHigh).orElseThrow().contains("ignores"));
  }

  @Test
  void describesTheSettings() {
    assertEquals("glibc defaults", NativeAllocator.describe(false, Map.of("MALLOC_CONF", "x")));
    assertEquals(
        "glibc MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=4294967296"
            + " MALLOC_TOP_PAD_=268435456",
        NativeAllocator.describe(false, NativeAllocator.GLIBC));
    assertEquals("jemalloc defaults", NativeAllocator.describe(true, NativeAllocator.GLIBC));
    assertEquals(
        "jemalloc MALLOC_CONF=" + NativeAllocator.JEMALLOC_CONF,
        NativeAllocator.describe(true, Map.of("MALLOC_CONF", NativeAllocator.JEMALLOC_CONF)));
  }

  @Test
  void callersOwnValuesWin() {
    Map<String, String> env = NativeAllocator.glibcFor(Map.of("MALLOC_TOP_PAD_", "1"));
    assertEquals("1", env.get("MALLOC_TOP_PAD_"));
    assertEquals("33554432", env.get("MALLOC_MMAP_THRESHOLD_"));
    assertEquals(NativeAllocator.GLIBC, NativeAllocator.glibcFor(Map.of()));
    assertFalse(NativeAllocator.glibcFor(Map.of("OTHER", "x")).containsKey("OTHER"));
  }
}
