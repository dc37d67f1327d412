package dev.grcnn.ocr.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Deletes a folder and everything in it: temporary model copies, old snapshots, a local cluster's
 * files. Symbolic links are deleted, never followed.
 */
public final class Folders {

  private Folders() {}

  /**
   * Deletes {@code dir} and everything under it; nothing when it does not exist.
   *
   * @throws IOException at the first file that cannot be deleted
   */
  public static void delete(Path dir) throws IOException {
    for (Path p : deepestFirst(dir)) {
      Files.deleteIfExists(p);
    }
  }

  /** As {@link #delete}, but whatever cannot be deleted stays, and nothing is thrown. */
  public static void deleteQuietly(Path dir) {
    List<Path> paths;
    try {
      paths = deepestFirst(dir);
    } catch (IOException | UncheckedIOException e) {
      return;
    }
    for (Path p : paths) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // left behind: the caller asked for a best effort
      }
    }
  }

  private static List<Path> deepestFirst(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.sorted(Comparator.reverseOrder()).toList();
    }
  }
}
