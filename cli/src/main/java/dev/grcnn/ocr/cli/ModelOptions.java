package dev.grcnn.ocr.cli;

import ai.djl.Device;
import dev.grcnn.ocr.model.OcrModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options that choose a model and a device, shared by the commands that run a model. */
public final class ModelOptions {

  /** Where the shipped model lives, relative to the project root. */
  public static final String DEFAULT_MODEL = "models/default";

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description = "Model directory (default: the shipped model, " + DEFAULT_MODEL + ").")
  Path model;

  @Mixin DeviceOption device;

  /** The project root the launcher passes, else the working directory. */
  public static Path home() {
    return Path.of(System.getProperty("ocr.home", "."));
  }

  /** The model directory asked for, or the shipped one. */
  public Path modelDir() {
    return model != null ? model : home().resolve(DEFAULT_MODEL);
  }

  /** The device asked for. */
  public Device device() {
    return device.device();
  }

  /** The device's name as given, for a job setting. */
  public String deviceName() {
    return device.name();
  }

  /** The model directory, checked to hold a model, with a clear message when there is none. */
  public Path requireModelDir() {
    Path dir = modelDir();
    if (model == null && !Files.isRegularFile(dir.resolve(OcrModel.INFO_FILE))) {
      throw new UsageException(
          "no trained model at " + dir + " yet: train one with './ocr train' or pass --model DIR");
    }
    if (!Files.isDirectory(dir)) {
      throw new UsageException("--model: " + dir + " is not a directory");
    }
    return dir;
  }

  /** Loads the model for inference, with a clear message when there is none. */
  public OcrModel load() throws IOException {
    return OcrModel.load(requireModelDir(), device());
  }
}
