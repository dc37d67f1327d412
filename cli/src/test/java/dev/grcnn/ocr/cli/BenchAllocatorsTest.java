package dev.grcnn.ocr.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.grcnn.ocr.model.NativeAllocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code ocr bench allocators}: each setting's child JVM really runs under that allocator. The test
 * JVM itself has the tuned glibc variables (surefire), so a child that merely inherited them would
 * be caught in the rows that remove them.
 */
class BenchAllocatorsTest {

  private static String childAllocator(String setting) throws Exception {
    BenchAllocatorsCommand.Setting s = BenchAllocatorsCommand.chosen(List.of(setting)).get(0);
    String out = BenchAllocatorsCommand.runChild(s, List.of("--describe"));
    return out.lines()
        .filter(l -> l.startsWith("allocator "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no allocator line in: " + out))
        .substring("allocator ".length());
  }

  @Test
  void glibcChildrenGetExactlyTheirVariables() throws Exception {
    assertTrue(System.getenv().containsKey("MALLOC_TOP_PAD_"), "surefire sets the variables");
    assertEquals("glibc defaults", childAllocator("glibc"));
    assertEquals("glibc MALLOC_MMAP_THRESHOLD_=33554432", childAllocator("glibc-mmap"));
    assertEquals(
        NativeAllocator.describe(false, NativeAllocator.GLIBC), childAllocator("glibc-tuned"));
  }

  @Test
  void jemallocChildrenPreloadIt() throws Exception {
    assumeTrue(
        Files.isRegularFile(Path.of(NativeAllocator.JEMALLOC_LIBRARY)),
        "apt-get install libjemalloc2 (.ci/apt-packages)");
    assertEquals("jemalloc defaults", childAllocator("jemalloc"));
    assertEquals(
        "jemalloc MALLOC_CONF=" + NativeAllocator.JEMALLOC_CONF, childAllocator("jemalloc-keep"));
  }

  @Test
  void readsTheChildsFigures() throws IOException {
    BenchAllocatorsCommand.Child f =
        BenchAllocatorsCommand.parse(
            String.join(
                "\n",
                "WARNING: some JVM noise",
                "allocator glibc defaults",
                "forward compact 8 150.00",
                "forward compact 32 100.00",
                "forward paper 32 40.00",
                "cpu 300 100",
                "rss 2097152 1048576"));
    assertEquals("glibc defaults", f.allocator());
    assertArrayEquals(new double[] {150, 100, 40}, f.figures());
    assertEquals(0.25, f.kernelShare());
    assertEquals(2048.0, f.peakMiB());
    BenchAllocatorsCommand.Child t =
        BenchAllocatorsCommand.parse("allocator jemalloc defaults\ntrain compact 64 75.5\ncpu 9 1");
    assertArrayEquals(new double[] {75.5}, t.figures());
    assertEquals(0.1, t.kernelShare());
    assertThrows(IOException.class, () -> BenchAllocatorsCommand.parse("allocator glibc\nboom"));
  }

  @Test
  void unknownSettingsAreAUsageError() {
    CliRun r = CliRun.run("bench", "allocators", "--settings", "tcmalloc");
    r.assertOneLineError(OcrCli.USAGE);
    assertTrue(r.err().contains("jemalloc-keep"), r.err());
  }
}
