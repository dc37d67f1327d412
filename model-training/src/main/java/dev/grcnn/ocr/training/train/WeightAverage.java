package dev.grcnn.ocr.training.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.grcnn.ocr.model.nn.GrcnnNetwork;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exponential moving average of a network's parameters (batch-norm statistics included), kept
 * beside the weights being trained: {@code average = decay * average + (1 - decay) * weights} after
 * every step. While the learning rate is high the trained weights jump around a minimum; their
 * average sits nearer its middle and reads better, without changing the training itself.
 *
 * <p>The average is keyed by each parameter's path in the network, saved with a snapshot and
 * restored on resume, so that it spans sessions like the optimiser's state.
 */
final class WeightAverage implements AutoCloseable {

  static final String FILE = "weight-average.bin";
  private static final String KIND = "WeightAverage";

  private final GrcnnNetwork network;
  private final float decay;
  private final NDManager manager;
  private final Map<String, NDArray> averages = new LinkedHashMap<>();

  private WeightAverage(GrcnnNetwork network, float decay, NDManager manager) {
    if (!(decay > 0 && decay < 1)) {
      throw new IllegalArgumentException(
          "a weight average's decay must lie in (0, 1), not " + decay);
    }
    this.network = network;
    this.decay = decay;
    this.manager = manager;
  }

  /**
   * An average that starts at the network's current weights.
   *
   * @param manager the parent of the manager that owns the averages (the model's)
   */
  static WeightAverage startingAt(GrcnnNetwork network, float decay, NDManager manager) {
    WeightAverage average = new WeightAverage(network, decay, manager.newSubManager());
    for (Pair<String, Parameter> named : network.getParameters()) {
      average.averages.put(named.getKey(), average.copyOf(named.getValue().getArray()));
    }
    return average;
  }

  /**
   * The average a snapshot saved; a parameter the file does not hold (none: a file from before the
   * run averaged) starts at the network's current weight.
   *
   * @throws IOException when the file is damaged or its shapes do not match the network
   */
  static WeightAverage load(Path file, GrcnnNetwork network, float decay, NDManager manager)
      throws IOException {
    WeightAverage average = startingAt(network, decay, manager);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
        DataInputStream data = new DataInputStream(in)) {
      if (!data.readUTF().equals(KIND)) {
        throw new IOException(file + " does not hold a weight average");
      }
      int count = data.readInt();
      List<String> names = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        names.add(data.readUTF());
      }
      NDList arrays = NDList.decode(average.manager, data);
      for (int i = 0; i < count; i++) {
        NDArray current = average.averages.get(names.get(i));
        NDArray saved = arrays.get(i);
        if (current == null || !current.getShape().equals(saved.getShape())) {
          throw new IOException(
              file + ": " + names.get(i) + " " + saved.getShape() + " does not fit the network");
        }
        current.close();
        average.averages.put(names.get(i), saved);
      }
    }
    return average;
  }

  /** The decay per step. */
  float decay() {
    return decay;
  }

  /** Moves the average one step towards the network's current weights. */
  void update() {
    // One scope a step for the temporaries of all parameters, not one per parameter.
    try (NDManager scope = manager.newSubManager()) {
      for (Pair<String, Parameter> named : network.getParameters()) {
        NDArray average = averages.get(named.getKey());
        NDArray step = named.getValue().getArray().sub(average);
        step.attach(scope);
        step.muli(1 - decay);
        average.addi(step);
      }
    }
  }

  /**
   * Runs {@code work} with the averaged weights in the network, then puts the trained weights back
   * exactly as they were (also when {@code work} fails).
   */
  <T> T withAveragedWeights(Work<T> work) throws IOException {
    try (NDManager scope = manager.newSubManager()) {
      Map<String, NDArray> trained = new LinkedHashMap<>();
      for (Pair<String, Parameter> named : network.getParameters()) {
        NDArray weight = named.getValue().getArray();
        NDArray saved = weight.duplicate();
        saved.attach(scope);
        trained.put(named.getKey(), saved);
        overwrite(weight, averages.get(named.getKey()));
      }
      try {
        return work.call();
      } finally {
        for (Pair<String, Parameter> named : network.getParameters()) {
          overwrite(named.getValue().getArray(), trained.get(named.getKey()));
        }
      }
    }
  }

  /** What runs with the averaged weights in place. */
  @FunctionalInterface
  interface Work<T> {
    T call() throws IOException;
  }

  /** Writes the average, for a snapshot. */
  void save(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp));
        DataOutputStream data = new DataOutputStream(out)) {
      data.writeUTF(KIND);
      data.writeInt(averages.size());
      for (String name : averages.keySet()) {
        data.writeUTF(name);
      }
      new NDList(averages.values()).encode(data);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Copies values into a parameter's own tensor. Not {@code NDArray.copyTo}: on PyTorch that
   * rebinds the tensor to the source's buffer, and the two would then share memory. Zeroing by
   * {@code x * 0} and adding is exact for the finite values a parameter holds.
   */
  private static void overwrite(NDArray target, NDArray source) {
    target.muli(0).addi(source);
  }

  private NDArray copyOf(NDArray weight) {
    NDArray copy = weight.duplicate();
    copy.attach(manager);
    return copy;
  }

  @Override
  public void close() {
    manager.close();
  }
}
