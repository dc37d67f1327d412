package dev.grcnn.ocr.operators;

import dev.grcnn.ocr.model.OcrModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * A folder of model versions, each a model directory in a subfolder (a local path or any Flink
 * FileSystem URI). A version counts once its {@code model.json} is there: {@link OcrModel#save}
 * writes it last. Versions order by the length of their names, then by name, so that {@code v9 <
 * v10} and {@code 2026-12-02 < 2026-12-03}.
 */
public final class ModelVersions {

  /** The order of version names. */
  public static final Comparator<String> ORDER =
      Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

  private ModelVersions() {}

  /** The published versions under {@code root}, oldest first. */
  public static List<String> list(String root) throws IOException {
    Path path =
        FlinkFiles.isLocal(root) && !root.startsWith("file:")
            ? new Path(new java.io.File(root).getAbsoluteFile().toURI())
            : new Path(root);
    FileSystem fs = path.getFileSystem();
    FileStatus[] entries = fs.listStatus(path);
    if (entries == null) {
      throw new IOException("no folder of model versions at " + root);
    }
    List<String> versions = new ArrayList<>();
    for (FileStatus e : entries) {
      if (e.isDir() && fs.exists(new Path(e.getPath(), OcrModel.INFO_FILE))) {
        versions.add(e.getPath().getName());
      }
    }
    versions.sort(ORDER);
    return versions;
  }

  /** The newest published version, if any. */
  public static Optional<String> newest(String root) throws IOException {
    List<String> versions = list(root);
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
  }

  /** The location of a version. */
  public static String resolve(String root, String version) {
    return root.endsWith("/") ? root + version : root + "/" + version;
  }
}
