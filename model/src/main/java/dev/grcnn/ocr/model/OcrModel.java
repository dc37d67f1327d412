package dev.grcnn.ocr.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.grcnn.ocr.model.decode.LexiconDecoder;
import dev.grcnn.ocr.model.decode.Recognition;
import dev.grcnn.ocr.model.nn.GrcnnNetwork;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A GRCNN with its parameters on a device, and the directory format it lives in: {@code model.json}
 * (a {@link ModelInfo}) beside {@code parameters.bin} (DJL's block parameters).
 */
public final class OcrModel implements AutoCloseable {

  /** File of the metadata inside a model directory. */
  public static final String INFO_FILE = "model.json";

  /** File of the parameters inside a model directory. */
  public static final String PARAMS_FILE = "parameters.bin";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final NDManager manager;
  private final GrcnnNetwork network;
  private final Alphabet alphabet;
  private ModelInfo info;

  private OcrModel(NDManager manager, GrcnnNetwork network, Alphabet alphabet, ModelInfo info) {
    this.manager = manager;
    this.network = network;
    this.alphabet = alphabet;
    this.info = info;
  }

  /** A new model with Xavier-initialised parameters, for training and benchmarks. */
  public static OcrModel create(ModelInfo info, Device device) {
    Alphabet alphabet = new Alphabet(info.alphabet());
    NDManager manager = NDManager.newBaseManager(device);
    GrcnnNetwork network = new GrcnnNetwork(info.config(), alphabet.size());
    network.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
    network.initialize(manager, DataType.FLOAT32, GrcnnNetwork.inputShape(1));
    return new OcrModel(manager, network, alphabet, info);
  }

  /**
   * Loads a model directory for inference (parameters frozen, so no autograd graph is built).
   *
   * @throws IOException when the directory is missing, incomplete or not a model
   */
  public static OcrModel load(Path dir, Device device) throws IOException {
    OcrModel model = loadTrainable(dir, device);
    model.network.freezeParameters(true);
    return model;
  }

  /** Loads a model directory whose parameters can still be trained. */
  public static OcrModel loadTrainable(Path dir, Device device) throws IOException {
    ModelInfo info = readInfo(dir);
    if (info.format() != ModelInfo.FORMAT) {
      throw new IOException(
          dir + " has model format " + info.format() + "; this build reads " + ModelInfo.FORMAT);
    }
    OcrModel model = create(info, device);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(dir.resolve(PARAMS_FILE)));
        DataInputStream data = new DataInputStream(in)) {
      model.network.loadParameters(model.manager, data);
    } catch (NoSuchFileException e) {
      model.close();
      throw new IOException(dir + " has no " + PARAMS_FILE, e);
    } catch (IOException | ai.djl.MalformedModelException | RuntimeException e) {
      model.close();
      throw new IOException("cannot read parameters of " + dir + ": " + e.getMessage(), e);
    }
    // A diverged training run saves NaN or infinite weights; they would read every crop as
    // garbage with a NaN confidence, so such a model is refused here, with the parameter named.
    for (var entry : model.network.getParameters()) {
      NDArray values = entry.getValue().getArray();
      if (values.isNaN().any().getBoolean() || values.isInfinite().any().getBoolean()) {
        model.close();
        throw new IOException(
            "parameters of "
                + dir
                + " hold NaN or infinite values ("
                + entry.getKey()
                + "): the model is broken, most likely saved by a diverged training run");
      }
    }
    // Loaded arrays replace the initialised ones and do not carry the autograd flag.
    for (Parameter p : model.network.getParameters().values()) {
      if (p.requiresGradient()) {
        p.getArray().setRequiresGradient(true);
      }
    }
    return model;
  }

  /** Reads only the metadata of a model directory. */
  public static ModelInfo readInfo(Path dir) throws IOException {
    Path file = dir.resolve(INFO_FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException(dir + " is not a model directory (no " + INFO_FILE + ")");
    }
    try {
      return JSON.readValue(file.toFile(), ModelInfo.class);
    } catch (IOException e) {
      throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes the model directory; files are written beside and moved into place, so a reader (or a
   * killed trainer) never sees half a model.
   */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path params = dir.resolve(PARAMS_FILE + ".tmp");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(params));
        DataOutputStream data = new DataOutputStream(out)) {
      network.saveParameters(data);
    }
    Path infoTmp = dir.resolve(INFO_FILE + ".tmp");
    JSON.writeValue(infoTmp.toFile(), info);
    Files.move(params, dir.resolve(PARAMS_FILE), StandardCopyOption.REPLACE_EXISTING);
    Files.move(infoTmp, dir.resolve(INFO_FILE), StandardCopyOption.REPLACE_EXISTING);
  }

  /** The device GPU when the engine sees one, else CPU; {@code spec} overrides ("cpu", "gpu:1"). */
  public static Device device(String spec) {
    if (spec == null || spec.isBlank() || spec.equalsIgnoreCase("auto")) {
      return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }
    Device device = Device.fromName(spec.toLowerCase(java.util.Locale.ROOT));
    if (device.isGpu() && device.getDeviceId() >= Engine.getInstance().getGpuCount()) {
      throw new IllegalArgumentException(
          "device "
              + spec
              + " requested but the engine sees "
              + Engine.getInstance().getGpuCount()
              + " GPU(s)");
    }
    return device;
  }

  /**
   * Runs the network on a batch of preprocessed inputs.
   *
   * @param inputs each 32 x 100 values from {@link dev.grcnn.ocr.model.image.ImagePreprocessor}
   * @return per input, [26][classes] log-probabilities
   */
  public float[][][] logProbabilities(List<float[]> inputs) {
    int n = inputs.size();
    if (n == 0) {
      return new float[0][][];
    }
    int size = GrcnnConfig.HEIGHT * GrcnnConfig.WIDTH;
    float[] flat = new float[n * size];
    for (int i = 0; i < n; i++) {
      float[] in = inputs.get(i);
      if (in.length != size) {
        throw new IllegalArgumentException(
            "input " + i + " has " + in.length + " values, not " + size);
      }
      System.arraycopy(in, 0, flat, i * size, size);
    }
    try (NDManager batch = manager.newSubManager()) {
      NDArray x = batch.create(flat, GrcnnNetwork.inputShape(n));
      NDArray out =
          network
              .forward(new ParameterStore(batch, false), new ai.djl.ndarray.NDList(x), false)
              .head();
      return split(out.toFloatArray(), n, (int) out.getShape().get(1), alphabet.size());
    }
  }

  private static float[][][] split(float[] flat, int n, int steps, int classes) {
    float[][][] out = new float[n][steps][classes];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < steps; t++) {
        System.arraycopy(flat, k, out[i][t], 0, classes);
        k += classes;
      }
    }
    return out;
  }

  /** Recognises a batch, with a lexicon or (when {@code lexicon} is null) greedily. */
  public List<Recognition> recognize(List<float[]> inputs, LexiconDecoder lexicon) {
    float[][][] logProbs = logProbabilities(inputs);
    List<Recognition> out = new ArrayList<>(logProbs.length);
    for (float[][] lp : logProbs) {
      out.add(lexicon == null ? Recognition.greedy(lp, alphabet) : lexicon.decode(lp));
    }
    return out;
  }

  /** The network, for training. */
  public GrcnnNetwork network() {
    return network;
  }

  /** The manager owning the parameters. */
  public NDManager manager() {
    return manager;
  }

  /** The output classes. */
  public Alphabet alphabet() {
    return alphabet;
  }

  /** The metadata. */
  public ModelInfo info() {
    return info;
  }

  /** Replaces the metadata, e.g. with the iteration count before a snapshot. */
  public void setInfo(ModelInfo info) {
    this.info = info;
  }

  /** The device the parameters live on. */
  public Device device() {
    return manager.getDevice();
  }

  /** Trainable parameter count (weights, biases, batch-norm scale and shift). */
  public long trainableParameterCount() {
    return network.getParameters().values().stream()
        .filter(p -> p.getType() != Parameter.Type.RUNNING_MEAN)
        .filter(p -> p.getType() != Parameter.Type.RUNNING_VAR)
        .mapToLong(p -> p.getArray().getShape().size())
        .sum();
  }

  /** Frees the native memory of the parameters. */
  @Override
  public void close() {
    manager.close();
  }
}
