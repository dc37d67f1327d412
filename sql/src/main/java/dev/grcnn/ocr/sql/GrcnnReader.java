package dev.grcnn.ocr.sql;

import dev.grcnn.ocr.model.decode.Recognition;
import dev.grcnn.ocr.model.image.ImagePreprocessor;
import dev.grcnn.ocr.model.image.InvalidImageException;
import dev.grcnn.ocr.operators.InferenceSettings;
import dev.grcnn.ocr.operators.LiveModel;
import dev.grcnn.ocr.operators.ReadingDecoder;
import dev.grcnn.ocr.operators.TorchThreads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One model of a task and the decoding around it: images to network inputs (bad ones to an error),
 * batches of inputs to readings ({@link ReadingDecoder}: each with its own lexicon, else the
 * model's lexicon file, else greedily, restricted to the model's allowlist when it has one).
 */
final class GrcnnReader implements AutoCloseable {

  /** A decoded image waiting for its forward pass, with its row's own lexicon. */
  record Input(float[] input, String lexicon) {}

  private final InferenceSettings settings;
  private final ImagePreprocessor preprocessor;
  private final LiveModel live;
  private final ReadingDecoder decoder;
  // Read by the task thread for rows it fails itself, while the inference thread swaps versions.
  private volatile String version;

  GrcnnReader(InferenceSettings settings, int maxImageBytes, long maxImagePixels)
      throws IOException {
    this.settings = settings;
    this.preprocessor = new ImagePreprocessor(maxImageBytes, maxImagePixels);
    TorchThreads.beforeEngineStart(settings.torchThreads(), settings.torchInteropThreads());
    LiveModel loaded = LiveModel.open(settings);
    try {
      TorchThreads.afterEngineStart(settings.torchThreads());
      // Versions swapped in later have the same alphabet (LiveModel refuses others).
      this.decoder = ReadingDecoder.of(settings, loaded.model().alphabet());
    } catch (IOException | RuntimeException e) {
      loaded.close();
      throw e;
    }
    this.live = loaded;
    this.version = loaded.version();
  }

  /** The version readings name now: the version folder when versions are watched. */
  String modelVersion() {
    return version;
  }

  /**
   * When the settings watch a folder of versions: loads a newer one beside the serving one and,
   * when it passes the smoke check, serves with it from the next batch on; call between batches, on
   * the thread that reads them.
   *
   * @return whether a newer version serves now
   */
  boolean swapIfNewer() {
    var next = live.newer();
    next.ifPresent(live::swap);
    version = live.version();
    return next.isPresent();
  }

  /** Versions swapped in so far. */
  long swaps() {
    return live.swaps();
  }

  /** Versions refused so far. */
  int refusedVersions() {
    return live.refusedCount();
  }

  /**
   * The network input of an encoded image.
   *
   * @throws InvalidImageException with the kind and reason when it cannot be read
   */
  float[] decode(byte[] image) throws InvalidImageException {
    return preprocessor.preprocess(image);
  }

  /** The reason an image could not be read, as the {@code error} column holds it. */
  static String reason(Throwable e) {
    if (e instanceof InvalidImageException invalid) {
      return invalid.kind().name() + ": " + invalid.getMessage();
    }
    return "INTERNAL: " + e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** Reads a batch in one forward pass. */
  ForwardPass read(List<Input> batch) {
    List<float[]> inputs = new ArrayList<>(batch.size());
    for (Input in : batch) {
      inputs.add(in.input());
    }
    long start = System.nanoTime();
    float[][][] logProbs = live.model().logProbabilities(inputs);
    long millis = (System.nanoTime() - start) / 1_000_000;
    List<RowReading> out = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      out.add(reading(batch.get(i).lexicon(), logProbs[i]));
    }
    return new ForwardPass(batch.size(), millis, out);
  }

  private RowReading reading(String lexicon, float[][] networkOutput) {
    ReadingDecoder.Reading reading = decoder.decode(networkOutput, lexicon, null);
    Recognition r = reading.recognition();
    return new RowReading(
        r.text(),
        r.confidence(),
        r.characterConfidences().stream().mapToDouble(Double::doubleValue).toArray(),
        r.alternatives(),
        r.greedyText(),
        reading.decoding(),
        modelVersion(),
        null);
  }

  @Override
  public void close() {
    live.close();
  }
}
