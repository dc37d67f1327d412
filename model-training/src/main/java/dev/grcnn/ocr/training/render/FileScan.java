package dev.grcnn.ocr.training.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Finds the files of given extensions under folders, for the renderer's fonts and photographs. */
final class FileScan {

  private FileScan() {}

  /**
   * Every regular file under the existing folders whose name ends with one of the extensions
   * (case-insensitive), sorted by path so that a render is the same from run to run.
   */
  static List<Path> find(List<Path> dirs, String... extensions) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.filter(Files::isRegularFile)
            .filter(p -> hasExtension(p, extensions))
            .forEach(files::add);
      }
    }
    files.sort(null);
    return files;
  }

  private static boolean hasExtension(Path file, String... extensions) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    for (String e : extensions) {
      if (name.endsWith(e)) {
        return true;
      }
    }
    return false;
  }
}
