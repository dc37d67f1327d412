package dev.grcnn.ocr.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimiser written with NDArray operations whose per-parameter state can be saved with a
 * snapshot, so that a resumed run continues exactly where it stopped. (DJL's own optimisers keep
 * their state private, and its PyTorch engine implements no Adadelta.)
 *
 * <p>Every update zeroes the gradient afterwards, because PyTorch accumulates gradients across
 * backward passes.
 */
public abstract class StatefulOptimizer extends Optimizer {

  private final Map<String, NDArray[]> states = new LinkedHashMap<>();
  private final int slots;
  private final Tracker learningRate;
  private long steps;

  /**
   * Creates the optimiser with {@code slots} state arrays per parameter and the builder's learning
   * rate, by finished step (which survives a resume).
   */
  protected StatefulOptimizer(Builder<?> builder, int slots) {
    super(builder);
    this.slots = slots;
    this.learningRate = builder.learningRate;
  }

  /**
   * DJL's optimiser settings and the learning rate, which every stateful optimiser takes the same
   * way: fixed, or as a schedule by step.
   */
  public abstract static class Builder<T extends Builder<T>> extends OptimizerBuilder<T> {
    private Tracker learningRate;

    /** A builder whose learning rate is {@code defaultRate} until one is set. */
    protected Builder(float defaultRate) {
      this.learningRate = Tracker.fixed(defaultRate);
    }

    /** Sets a fixed learning rate. */
    public T optLearningRate(float learningRate) {
      this.learningRate = Tracker.fixed(learningRate);
      return self();
    }

    /** Sets a learning rate that changes with the step (warm-up, decay). */
    public T optLearningRateTracker(Tracker learningRate) {
      this.learningRate = learningRate;
      return self();
    }
  }

  /** The learning rate of the step under way (the schedule's value at {@link #steps()}). */
  public float learningRate() {
    return learningRate.getNewValue((int) Math.min(Integer.MAX_VALUE, steps));
  }

  @Override
  public final void update(String parameterId, NDArray weight, NDArray grad) {
    NDArray[] state =
        states.computeIfAbsent(
            parameterId,
            k -> {
              NDArray[] fresh = new NDArray[slots];
              for (int i = 0; i < slots; i++) {
                fresh[i] = weight.zerosLike();
              }
              return fresh;
            });
    // Temporaries live in a scope closed after the step: they would otherwise pile up in the
    // parameters' manager for the life of the run.
    try (NDManager scope = weight.getManager().newSubManager()) {
      NDArray g = grad.duplicate();
      g.attach(scope);
      g.muli(rescaleGrad);
      float decay = getWeightDecay();
      if (decay != 0) {
        NDArray wd = weight.mul(decay);
        wd.attach(scope);
        g.addi(wd);
      }
      if (clipGrad > 0) {
        NDArray clipped = g.clip(-clipGrad, clipGrad);
        clipped.attach(scope);
        g = clipped;
      }
      NDArray delta = step(scope, parameterId, g, state);
      weight.subi(delta);
    }
    zeroGradient(weight, grad);
  }

  /**
   * Zeroes a gradient without an update, for a step that is skipped after its backward pass
   * (PyTorch would add the next step's gradient to it).
   */
  public static void zeroGradient(NDArray weight, NDArray grad) {
    if (weight instanceof ai.djl.pytorch.engine.PtNDArray pt) {
      // Also clears NaN, which grad - grad would keep.
      ai.djl.pytorch.jni.JniUtils.zeroGrad(pt);
    } else {
      grad.subi(grad);
    }
  }

  /**
   * Computes one update.
   *
   * @param scope owner of any temporary the step creates (attach them to it)
   * @param parameterId the parameter
   * @param grad the rescaled, decayed and clipped gradient
   * @param state this parameter's state arrays, updated in place
   * @return the amount to subtract from the weight
   */
  protected abstract NDArray step(
      NDManager scope, String parameterId, NDArray grad, NDArray[] state);

  /** Attaches an array to a scope and returns it, for chaining temporaries. */
  protected static NDArray in(NDManager scope, NDArray array) {
    array.attach(scope);
    return array;
  }

  /** Counts a finished optimisation step (all parameters updated). */
  public void finishStep() {
    steps++;
  }

  /** Finished optimisation steps. */
  public long steps() {
    return steps;
  }

  /** Writes the state of every parameter. */
  public void save(Path file) throws IOException {
    NDList all = new NDList();
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, NDArray[]> e : states.entrySet()) {
      for (int i = 0; i < slots; i++) {
        names.add(e.getKey());
        all.add(e.getValue()[i]);
      }
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp));
        DataOutputStream data = new DataOutputStream(out)) {
      data.writeUTF(getClass().getSimpleName());
      data.writeLong(steps);
      data.writeInt(names.size());
      for (String name : names) {
        data.writeUTF(name);
      }
      all.encode(data);
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Restores state written by {@link #save}; the arrays go to {@code manager}.
   *
   * @throws IOException when the file is damaged or from another optimiser
   */
  public void load(Path file, NDManager manager) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
        DataInputStream data = new DataInputStream(in)) {
      String kind = data.readUTF();
      if (!kind.equals(getClass().getSimpleName())) {
        throw new IOException(
            file + " holds " + kind + " state, not " + getClass().getSimpleName());
      }
      steps = data.readLong();
      int count = data.readInt();
      List<String> names = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        names.add(data.readUTF());
      }
      NDList arrays = NDList.decode(manager, data);
      states.clear();
      for (int i = 0; i < count; i += slots) {
        NDArray[] state = new NDArray[slots];
        for (int j = 0; j < slots; j++) {
          state[j] = arrays.get(i + j);
        }
        states.put(names.get(i), state);
      }
    }
  }
}
