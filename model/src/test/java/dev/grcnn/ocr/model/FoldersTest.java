package dev.grcnn.ocr.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldersTest {

  @Test
  void deletesATreeButNotWhatItsLinksPointTo(@TempDir Path dir) throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("kept.txt"), "kept");
    Path tree = Files.createDirectories(dir.resolve("tree/a/b"));
    Files.writeString(tree.resolve("f.bin"), "x");
    Files.writeString(dir.resolve("tree/a/g.bin"), "y");
    Files.createSymbolicLink(dir.resolve("tree/link"), outside);

    Folders.delete(dir.resolve("tree"));
    assertFalse(Files.exists(dir.resolve("tree")));
    assertTrue(Files.isRegularFile(outside.resolve("kept.txt")), "a link was followed");

    Folders.delete(dir.resolve("tree")); // gone already: nothing to do
    Folders.deleteQuietly(dir.resolve("tree"));
    Files.writeString(dir.resolve("single.txt"), "a file alone");
    Folders.deleteQuietly(dir.resolve("single.txt"));
    assertFalse(Files.exists(dir.resolve("single.txt")));
  }
}
