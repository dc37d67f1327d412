package dev.grcnn.ocr.training.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grcnn.ocr.model.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The snapshots of a run: {@code snapshots/iter-NNNNNNNNN/} each a model directory plus the
 * optimiser state and {@code trainer.json}, written last so that a snapshot without it is known to
 * be incomplete (a run killed while saving) and ignored.
 */
final class Snapshots {

  static final String OPTIMIZER_FILE = "optimizer.bin";
  static final String STATE_FILE = "trainer.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What the trainer needs besides parameters to continue.
   *
   * @param iteration steps done
   * @param samplesSeen samples trained on
   * @param seconds training time so far
   * @param bestAccuracy best validation accuracy so far
   * @param badImage skipped images that did not decode
   * @param emptyLabel skipped empty labels
   * @param tooLong skipped labels too long for the network
   * @param cpuSeconds process CPU time of the training steps so far (0 in snapshots written before
   *     it was counted)
   */
  record State(
      long iteration,
      long samplesSeen,
      double seconds,
      double bestAccuracy,
      long badImage,
      long emptyLabel,
      long tooLong,
      double cpuSeconds) {

    SkipCounts skips() {
      return new SkipCounts(badImage, emptyLabel, tooLong);
    }
  }

  private final Path root;

  Snapshots(Path runDir) {
    this.root = runDir.resolve("snapshots");
  }

  Path directory(long iteration) {
    return root.resolve(String.format("iter-%09d", iteration));
  }

  /** The newest complete snapshot. */
  Optional<Path> latest() throws IOException {
    return complete().stream().max(Comparator.naturalOrder());
  }

  private List<Path> complete() throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith("iter-"))
          .filter(d -> Files.isRegularFile(d.resolve(STATE_FILE)))
          .sorted()
          .toList();
    }
  }

  static State readState(Path snapshot) throws IOException {
    return JSON.readValue(snapshot.resolve(STATE_FILE).toFile(), State.class);
  }

  static void writeState(Path snapshot, State state) throws IOException {
    Path tmp = snapshot.resolve(STATE_FILE + ".tmp");
    JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), state);
    Files.move(tmp, snapshot.resolve(STATE_FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Deletes all but the newest {@code keep} complete snapshots, and any incomplete one. */
  void prune(int keep) throws IOException {
    List<Path> done = complete();
    for (int i = 0; i < done.size() - keep; i++) {
      Folders.delete(done.get(i));
    }
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path d : dirs.toList()) {
        if (!done.contains(d) && d.compareTo(done.get(done.size() - 1)) < 0) {
          Folders.delete(d);
        }
      }
    }
  }
}
