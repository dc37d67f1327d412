package dev.grcnn.ocr.local.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's root folder, found from a module's working directory. */
final class ProjectRoot {

  private ProjectRoot() {}

  /** The first folder above the working directory with the shipped model. */
  static Path get() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("models/default/model.json"))) {
        return p;
      }
    }
    throw new IllegalStateException("no project root above " + Path.of("").toAbsolutePath());
  }
}
