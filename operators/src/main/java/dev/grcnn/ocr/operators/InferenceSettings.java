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

  /** Settings of one model directory, served for the task's life. */
  public InferenceSettings(
      String modelDir,
      String device,
      int batchSize,
      long maxWaitMillis,
      String lexiconFile,
      int torchThreads,
      int torchInteropThreads,
      String allowlist) {
    this(
        modelDir,
        device,
        batchSize,
        maxWaitMillis,
        lexiconFile,
        torchThreads,
        torchInteropThreads,
        allowlist,
        0,
        0);
  }

  /** Settings without an allowlist. */
  public InferenceSettings(
      String modelDir,
      String device,
      int batchSize,
      long maxWaitMillis,
      String lexiconFile,
      int torchThreads,
      int torchInteropThreads) {
    this(
        modelDir,
        device,
        batchSize,
        maxWaitMillis,
        lexiconFile,
        torchThreads,
        torchInteropThreads,
        null,
        0,
        0);
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
