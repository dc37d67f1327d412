package dev.grcnn.ocr.training.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A test set in the IC03 layout of the GRCNN and CRNN releases: {@code test.txt} (an image path a
 * line, as the original authors had it: resolved here by file name inside the folder), {@code
 * test_label.txt} (the ground truth, same order) and optionally {@code lexicon_50.txt} (each
 * image's comma-separated 50 words).
 */
public final class Ic03Dataset {

  /** File of the image paths. */
  public static final String IMAGES = "test.txt";

  /** File of the ground truth. */
  public static final String LABELS = "test_label.txt";

  /** File of the per-image lexicons. */
  public static final String LEXICONS = "lexicon_50.txt";

  private Ic03Dataset() {}

  /** Whether a folder is in this layout. */
  public static boolean isIc03(Path dir) {
    return Files.isRegularFile(dir.resolve(IMAGES)) && Files.isRegularFile(dir.resolve(LABELS));
  }

  /**
   * Reads the whole set.
   *
   * @throws IOException when a file is missing, the line counts disagree, or an image is absent
   */
  public static List<EvalSample> read(Path dir) throws IOException {
    List<String> paths = lines(dir.resolve(IMAGES));
    List<String> labels = lines(dir.resolve(LABELS));
    if (paths.size() != labels.size()) {
      throw new IOException(dir + ": " + paths.size() + " images but " + labels.size() + " labels");
    }
    Path lexiconFile = dir.resolve(LEXICONS);
    List<String> lexicons = Files.isRegularFile(lexiconFile) ? lines(lexiconFile) : null;
    if (lexicons != null && lexicons.size() != paths.size()) {
      throw new IOException(
          dir + ": " + paths.size() + " images but " + lexicons.size() + " lexicon lines");
    }
    List<EvalSample> out = new ArrayList<>(paths.size());
    for (int i = 0; i < paths.size(); i++) {
      String name = fileName(paths.get(i));
      Path image = dir.resolve(name);
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(image);
      } catch (NoSuchFileException e) {
        throw new IOException(
            dir + ": line " + (i + 1) + " names " + name + ", which is not there");
      }
      List<String> lexicon =
          lexicons == null
              ? List.of()
              : Arrays.stream(lexicons.get(i).split(","))
                  .map(String::strip)
                  .filter(w -> !w.isEmpty())
                  .toList();
      out.add(new EvalSample(name, bytes, labels.get(i).strip(), lexicon));
    }
    return out;
  }

  private static List<String> lines(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("missing " + file);
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  /** The last element of a path written with either separator. */
  static String fileName(String path) {
    String p = path.strip();
    int slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
    return p.substring(slash + 1);
  }
}
