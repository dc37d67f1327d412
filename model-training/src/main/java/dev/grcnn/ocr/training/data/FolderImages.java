package dev.grcnn.ocr.training.data;

import dev.grcnn.ocr.training.train.LabeledImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A labelled folder held in memory: the images named by a labels file ({@code file<TAB>label} a
 * line, as {@link DatasetBuilder#readLabelsFile} reads it), in the file's order, as their encoded
 * bytes. Meant for sets of thousands of crops (a real training or validation set), which then cost
 * no disk reads per epoch.
 */
public final class FolderImages implements LabeledImages {

  /** The labels file looked for when a folder is given. */
  public static final String LABELS_FILE = "gt.txt";

  private final List<Sample> samples;

  private FolderImages(List<Sample> samples) {
    this.samples = samples;
  }

  /**
   * Reads a folder's {@code gt.txt}, or a labels file and the images beside it. A line without a
   * label keeps an empty one (the trainer skips and counts it).
   *
   * @throws IOException when the labels file or an image it names cannot be read
   */
  public static FolderImages load(Path folderOrLabels) throws IOException {
    Path labels =
        Files.isDirectory(folderOrLabels) ? folderOrLabels.resolve(LABELS_FILE) : folderOrLabels;
    if (!Files.isRegularFile(labels)) {
      throw new NoSuchFileException(labels.toString(), null, "no labels file");
    }
    Path root = labels.toAbsolutePath().getParent();
    List<Sample> samples = new ArrayList<>();
    for (DatasetBuilder.Entry e : DatasetBuilder.readLabelsFile(labels, root)) {
      samples.add(new Sample(Files.readAllBytes(e.image()), e.label() == null ? "" : e.label()));
    }
    return new FolderImages(List.copyOf(samples));
  }

  /**
   * Where the held-out end of a labelled folder starts: the last {@code fraction} of its lines. The
   * cut is contiguous because crops of one photograph sit together in file order, and a random
   * split would put near-duplicates on both sides.
   */
  public static int holdoutStart(int size, double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("a holdout share must lie in [0, 1], not " + fraction);
    }
    return (int) Math.round(size * (1 - fraction));
  }

  @Override
  public int size() {
    return samples.size();
  }

  @Override
  public Sample get(int index) {
    return samples.get(index);
  }
}
