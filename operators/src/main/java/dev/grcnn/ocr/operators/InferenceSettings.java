package dev.grcnn.ocr.operators;

import dev.grcnn.ocr.model.decode.Recognition;
import java.io.Serializable;

/**
 * What the inference operator needs to know, shipped with the job graph.
 *
 * @param modelDir model directory: a local path or a Flink FileSystem URI (copied locally)
 * @param device "auto", "cpu", "gpu" or "gpu:N"
 * @param batchSize most crops per forward pass
 * @param maxWaitMillis longest a crop waits for its batch to fill
 * @param lexiconFile global lexicon (one word a line; local path or URI) for crops without their
 *     own, or null
 * @param torchThreads PyTorch intra-op threads per TaskManager, 0 for PyTorch's default
 * @param torchInteropThreads PyTorch inter-op threads per TaskManager, 0 for PyTorch's default
 * @param allowlist the characters readings may contain, for crops without their own, or null for
 *     all of the alphabet
 * @param modelWatchMillis 0: {@code modelDir} is one model directory; above 0: a folder of model
 *     versions, looked at this often for a newer one to swap in ({@link LiveModel})
 * @param alternatives how many alternative readings each result carries (0 to {@link
 *     Recognition#MAX_ALTERNATIVES}), the result's own text first
 */
public record InferenceSettings(
    String modelDir,
    String device,
    int batchSize,
    long maxWaitMillis,
    String lexiconFile,
    int torchThreads,
    int torchInteropThreads,
    String allowlist,
    long modelWatchMillis,
    int alternatives)
    implements Serializable {

  /**
   * Settings of the model at {@code modelDir} with the job's defaults (device {@code auto}, batches
   * of 32 or 50 ms, no lexicon file, no allowlist, PyTorch's thread defaults, one model directory,
   * no alternatives), to be changed by name.
   */
  public static Builder builder(String modelDir) {
    return new Builder(modelDir);
  }

  /** Settings by name: with ten components, a positional constructor call is unreadable. */
  public static final class Builder {

    private final String modelDir;
    private String device = "auto";
    private int batchSize = 32;
    private long maxWaitMillis = 50;
    private String lexiconFile;
    private int torchThreads;
    private int torchInteropThreads;
    private String allowlist;
    private long modelWatchMillis;
    private int alternatives;

    private Builder(String modelDir) {
      this.modelDir = modelDir;
    }

    /** {@link InferenceSettings#device()}. */
    public Builder device(String value) {
      device = value;
      return this;
    }

    /** {@link InferenceSettings#batchSize()}. */
    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    /** {@link InferenceSettings#maxWaitMillis()}. */
    public Builder maxWaitMillis(long value) {
      maxWaitMillis = value;
      return this;
    }

    /** {@link InferenceSettings#lexiconFile()}. */
    public Builder lexiconFile(String value) {
      lexiconFile = value;
      return this;
    }

    /** {@link InferenceSettings#torchThreads()}. */
    public Builder torchThreads(int value) {
      torchThreads = value;
      return this;
    }

    /** {@link InferenceSettings#torchInteropThreads()}. */
    public Builder torchInteropThreads(int value) {
      torchInteropThreads = value;
      return this;
    }

    /** {@link InferenceSettings#allowlist()}. */
    public Builder allowlist(String value) {
      allowlist = value;
      return this;
    }

    /** {@link InferenceSettings#modelWatchMillis()}. */
    public Builder modelWatchMillis(long value) {
      modelWatchMillis = value;
      return this;
    }

    /** {@link InferenceSettings#alternatives()}. */
    public Builder alternatives(int value) {
      alternatives = value;
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException when a value is out of range
     */
    public InferenceSettings build() {
      return new InferenceSettings(
          modelDir,
          device,
          batchSize,
          maxWaitMillis,
          lexiconFile,
          torchThreads,
          torchInteropThreads,
          allowlist,
          modelWatchMillis,
          alternatives);
    }
  }

  /** Checks the numbers. */
  public InferenceSettings {
    if (modelDir == null || modelDir.isBlank()) {
      throw new IllegalArgumentException("a model directory is required");
    }
    if (batchSize < 1
        || maxWaitMillis < 0
        || torchThreads < 0
        || torchInteropThreads < 0
        || modelWatchMillis < 0) {
      throw new IllegalArgumentException(
          "batch size must be >= 1, max wait and thread counts >= 0");
    }
    Recognition.checkAlternatives(alternatives);
  }
}
