package dev.grcnn.ocr.training.data;

import dev.grcnn.ocr.model.image.ImagePreprocessor;
import dev.grcnn.ocr.model.image.InvalidImageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * Builds an LMDB dataset from images on disk: either a folder plus a labels file ({@code
 * path<TAB>label} a line) or the IC03 layout ({@code test.txt}, {@code test_label.txt}, optional
 * {@code lexicon_50.txt}). Every image is decoded first; one that does not decode, is missing, or
 * has no label is skipped and counted by reason, never fatal. Images are stored as their original
 * bytes.
 */
public final class DatasetBuilder {

  /** One image to store: where it is, its label and its lexicon (comma-separated) or null. */
  public record Entry(Path image, String label, String lexicon, int line) {}

  /** What a build did. */
  public record Summary(long written, Map<String, Long> skipped, List<String> examples) {

    /** Total skipped. */
    public long skippedTotal() {
      return skipped.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Skip reason: a labels-file line with no tab or no label. */
  public static final String MALFORMED_LINE = "MALFORMED_LINE";

  /** Skip reason: the image file is not there. */
  public static final String MISSING_FILE = "MISSING_FILE";

  /** Skip reason: the image file cannot be read. */
  public static final String UNREADABLE_FILE = "UNREADABLE_FILE";

  private static final int MAX_EXAMPLES = 10;

  private final ImagePreprocessor decoder = new ImagePreprocessor();

  /**
   * Reads a labels file: one {@code path<TAB>label} a line, paths relative to {@code root} unless
   * absolute; blank lines are ignored, lines without a tab or label come back with a null label.
   */
  public static List<Entry> readLabelsFile(Path labels, Path root) throws IOException {
    List<String> lines = Files.readAllLines(labels, StandardCharsets.UTF_8);
    List<Entry> out = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String line = stripBom(lines.get(i), i);
      if (line.isBlank()) {
        continue;
      }
      int tab = line.indexOf('\t');
      String path = tab < 0 ? line.strip() : line.substring(0, tab).strip();
      String label = tab < 0 ? null : line.substring(tab + 1).strip();
      out.add(
          new Entry(
              root.resolve(path), label == null || label.isEmpty() ? null : label, null, i + 1));
    }
    return out;
  }

  /**
   * Reads the IC03 layout: image paths in {@code test.txt} are resolved by file name inside {@code
   * dir}; each line of {@code lexicon_50.txt} is stored comma-separated, as that file has it (and
   * as {@link LmdbDatasetWriter} documents; CRNN's create_dataset.py joined with spaces).
   *
   * @throws IOException when a file is missing or the line counts disagree
   */
  public static List<Entry> readIc03(Path dir) throws IOException {
    List<String> paths = nonBlankLines(dir.resolve("test.txt"));
    List<String> labels = nonBlankLines(dir.resolve("test_label.txt"));
    if (paths.size() != labels.size()) {
      throw new IOException(
          dir + ": test.txt has " + paths.size() + " lines but test_label.txt " + labels.size());
    }
    Path lexiconFile = dir.resolve("lexicon_50.txt");
    List<String> lexicons = Files.isRegularFile(lexiconFile) ? nonBlankLines(lexiconFile) : null;
    if (lexicons != null && lexicons.size() != paths.size()) {
      throw new IOException(
          dir + ": test.txt has " + paths.size() + " lines but lexicon_50.txt " + lexicons.size());
    }
    List<Entry> out = new ArrayList<>(paths.size());
    for (int i = 0; i < paths.size(); i++) {
      String raw = paths.get(i).strip().replace('\\', '/');
      String name = raw.substring(raw.lastIndexOf('/') + 1);
      String lexicon =
          lexicons == null
              ? null
              : String.join(
                  ",",
                  Arrays.stream(lexicons.get(i).split(","))
                      .map(String::strip)
                      .filter(w -> !w.isEmpty())
                      .toList());
      out.add(new Entry(dir.resolve(name), labels.get(i).strip(), lexicon, i + 1));
    }
    return out;
  }

  /**
   * Writes the valid entries to a dataset and counts the rest by reason.
   *
   * @param progress called with the number of entries handled so far (may be null)
   */
  public Summary build(List<Entry> entries, LmdbDatasetWriter out, LongConsumer progress)
      throws IOException {
    Map<String, Long> skipped = new TreeMap<>();
    List<String> examples = new ArrayList<>();
    long done = 0;
    for (Entry e : entries) {
      String reason = write(e, out);
      if (reason != null) {
        String kind = reason.substring(0, reason.indexOf(':'));
        skipped.merge(kind, 1L, Long::sum);
        if (examples.size() < MAX_EXAMPLES) {
          examples.add("line " + e.line() + " (" + e.image().getFileName() + "): " + reason);
        }
      }
      done++;
      if (progress != null) {
        progress.accept(done);
      }
    }
    return new Summary(
        entries.size() - skipped.values().stream().mapToLong(x -> x).sum(), skipped, examples);
  }

  /** Writes one entry; returns null, or "KIND: reason" when it is skipped. */
  private String write(Entry e, LmdbDatasetWriter out) throws IOException {
    if (e.label() == null) {
      return MALFORMED_LINE + ": no tab-separated label";
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(e.image());
    } catch (NoSuchFileException ex) {
      return MISSING_FILE + ": no such file";
    } catch (IOException ex) {
      return UNREADABLE_FILE + ": " + ex.getMessage();
    }
    try {
      decoder.decode(bytes);
    } catch (InvalidImageException ex) {
      return ex.kind() + ": " + ex.getMessage();
    }
    out.add(bytes, e.label(), e.lexicon());
    return null;
  }

  private static List<String> nonBlankLines(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("missing " + file);
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    if (!lines.isEmpty()) {
      lines.set(0, stripBom(lines.get(0), 0));
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  private static String stripBom(String line, int index) {
    return index == 0 && line.startsWith("\uFEFF") ? line.substring(1) : line;
  }
}
