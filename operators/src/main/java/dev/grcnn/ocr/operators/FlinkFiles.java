package dev.grcnn.ocr.operators;

import dev.grcnn.ocr.model.Folders;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;

/**
 * Reads the job's files (model directory, lexicon) from a local path or any Flink FileSystem URI
 * ({@code s3://}, {@code hdfs://}, ...), so that TaskManagers need no shared local disk.
 */
public final class FlinkFiles {

  private FlinkFiles() {}

  /** True when {@code location} names a local file (a plain path or a {@code file:} URI). */
  public static boolean isLocal(String location) {
    URI uri = toUri(location);
    return uri.getScheme() == null || "file".equals(uri.getScheme());
  }

  /**
   * A local directory with the files of {@code location}: the directory itself when local, else a
   * fresh temporary copy that the caller deletes with {@link #deleteCopy}.
   */
  public static Path localDirectory(String location) throws IOException {
    if (isLocal(location)) {
      URI uri = toUri(location);
      return uri.getScheme() == null ? Path.of(location) : Path.of(uri);
    }
    return copy(new org.apache.flink.core.fs.Path(location));
  }

  /** Copies the files (not subfolders) of a directory of any Flink FileSystem to a temp dir. */
  static Path copy(org.apache.flink.core.fs.Path remote) throws IOException {
    return copy(remote, Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * As {@link #copy(org.apache.flink.core.fs.Path)}, into a new {@code grcnn-model-*} folder in
   * {@code parent}; a copy that fails is deleted, so a restarting task does not fill the disk.
   */
  static Path copy(org.apache.flink.core.fs.Path remote, Path parent) throws IOException {
    FileSystem fs = remote.getFileSystem();
    FileStatus[] files = fs.listStatus(remote);
    if (files == null) {
      throw new IOException("no directory at " + remote);
    }
    Path copy = Files.createTempDirectory(parent, "grcnn-model-");
    try {
      for (FileStatus file : files) {
        if (file.isDir()) {
          continue;
        }
        try (InputStream in = fs.open(file.getPath())) {
          Files.copy(
              in, copy.resolve(file.getPath().getName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException | RuntimeException e) {
      Folders.deleteQuietly(copy);
      throw new IOException("cannot copy the model at " + remote + ": " + e.getMessage(), e);
    }
    return copy;
  }

  /** Deletes a copy made by {@link #localDirectory} (nothing when {@code location} was local). */
  public static void deleteCopy(String location, Path copy) {
    if (copy != null && !isLocal(location)) {
      // A leftover temporary copy is not worth failing a task over.
      Folders.deleteQuietly(copy);
    }
  }

  /** The lines of a UTF-8 text file at a local path or Flink FileSystem URI. */
  public static List<String> readLines(String location) throws IOException {
    org.apache.flink.core.fs.Path path =
        isLocal(location) && toUri(location).getScheme() == null
            ? new org.apache.flink.core.fs.Path(Path.of(location).toAbsolutePath().toUri())
            : new org.apache.flink.core.fs.Path(location);
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(path.getFileSystem().open(path), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
      }
    }
    return lines;
  }

  private static URI toUri(String location) {
    try {
      URI uri = URI.create(location);
      // A Windows drive letter or a bare path is not a scheme.
      return uri.getScheme() != null && uri.getScheme().length() == 1 ? URI.create("") : uri;
    } catch (IllegalArgumentException e) {
      return URI.create("");
    }
  }
}
