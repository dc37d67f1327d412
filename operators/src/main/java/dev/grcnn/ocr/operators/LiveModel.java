package dev.grcnn.ocr.operators;

import dev.grcnn.ocr.model.OcrModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model an inference task serves with. Either one model directory for the task's life, or, when
 * {@link InferenceSettings#modelWatchMillis()} is above 0, a folder of versions ({@link
 * ModelVersions}): the newest that loads and passes the {@link SmokeCheck} serves, and a newer one
 * published later is loaded beside it and swapped in by the operator between two batches. A version
 * that fails to load, reads a different alphabet or fails the smoke check is refused (once; it is
 * not tried again) and the serving one stays.
 *
 * <p>Public for the SQL provider, whose inference thread swaps the same way between two batches.
 * Not thread-safe: one thread looks for, swaps and serves with versions.
 */
public final class LiveModel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveModel.class);

  /** A loaded model with where it came from. */
  public record Loaded(OcrModel model, String location, Path localCopy, String version) {}

  private final InferenceSettings settings;
  private final Set<String> refused = new HashSet<>();
  private Loaded current;
  private long swaps;

  private LiveModel(InferenceSettings settings) {
    this.settings = settings;
  }

  /** Loads the model (or the newest good version) the settings name. */
  public static LiveModel open(InferenceSettings settings) throws IOException {
    LiveModel live = new LiveModel(settings);
    if (settings.modelWatchMillis() == 0) {
      live.current = load(settings, settings.modelDir(), null);
      return live;
    }
    List<String> versions = ModelVersions.list(settings.modelDir());
    for (int i = versions.size() - 1; i >= 0 && live.current == null; i--) {
      live.current = live.tryLoad(versions.get(i)).orElse(null);
    }
    if (live.current == null) {
      throw new IOException("no model version under " + settings.modelDir() + " loads and passes");
    }
    return live;
  }

  private static Loaded load(InferenceSettings settings, String location, String version)
      throws IOException {
    Path local = FlinkFiles.localDirectory(location);
    try {
      OcrModel model = OcrModel.load(local, OcrModel.device(settings.device()));
      return new Loaded(model, location, local, version);
    } catch (IOException | RuntimeException e) {
      FlinkFiles.deleteCopy(location, local);
      throw e;
    }
  }

  /** The model serving now. */
  public OcrModel model() {
    return current.model();
  }

  /** What results name: the version folder when versions are watched, else the model's own. */
  public String version() {
    return current.version() != null ? current.version() : current.model().info().version();
  }

  /** Versions refused so far. */
  public int refusedCount() {
    return refused.size();
  }

  /** Versions swapped in so far. */
  public long swaps() {
    return swaps;
  }

  /**
   * A newer published version, loaded and checked beside the serving one, or empty when there is
   * none (or it was refused now or before). Listing failures are logged and wait for the next look.
   */
  public Optional<Loaded> newer() {
    String newest;
    try {
      newest = ModelVersions.newest(settings.modelDir()).orElse(null);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot list the model versions under {}: {}", settings.modelDir(), e.toString());
      return Optional.empty();
    }
    if (newest == null
        || refused.contains(newest)
        || ModelVersions.ORDER.compare(newest, current.version()) <= 0) {
      return Optional.empty();
    }
    return tryLoad(newest);
  }

  private Optional<Loaded> tryLoad(String version) {
    Loaded loaded;
    try {
      loaded = load(settings, ModelVersions.resolve(settings.modelDir(), version), version);
    } catch (IOException | RuntimeException e) {
      refuse(version, "it does not load: " + e.getMessage());
      return Optional.empty();
    }
    String problem =
        current != null
                && !loaded
                    .model()
                    .alphabet()
                    .characters()
                    .equals(current.model().alphabet().characters())
            ? "its alphabet differs from the serving model's"
            : SmokeCheck.problem(loaded.model());
    if (problem != null) {
      close(loaded);
      refuse(version, problem);
      return Optional.empty();
    }
    return Optional.of(loaded);
  }

  private void refuse(String version, String why) {
    refused.add(version);
    LOG.warn(
        "model version {} under {} refused, {} keeps serving: {}",
        version,
        settings.modelDir(),
        current == null ? "none" : version(),
        why);
  }

  /** Serves with {@code next} from now on and frees the model it replaces. */
  public void swap(Loaded next) {
    Loaded old = current;
    current = next;
    swaps++;
    LOG.info("model version {} serves now, in place of {}", next.version(), old.version());
    close(old);
  }

  private static void close(Loaded loaded) {
    loaded.model().close();
    FlinkFiles.deleteCopy(loaded.location(), loaded.localCopy());
  }

  @Override
  public void close() {
    if (current != null) {
      close(current);
      current = null;
    }
  }
}
