package dev.grcnn.ocr.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Adadelta (Zeiler 2012), the optimiser of CRNN and the GRCNN reference code:
 *
 * <pre>
 *   E[g^2]  = rho E[g^2] + (1 - rho) g^2
 *   dx      = sqrt(E[dx^2] + eps) / sqrt(E[g^2] + eps) * g
 *   E[dx^2] = rho E[dx^2] + (1 - rho) dx^2
 *   w      -= lr * dx
 * </pre>
 */
public final class Adadelta extends StatefulOptimizer {

  private final float rho;
  private final float epsilon;

  private Adadelta(Builder builder) {
    super(builder, 2);
    this.rho = builder.rho;
    this.epsilon = builder.epsilon;
  }

  /** A builder with rho 0.9, eps 1e-6 and learning rate 1 (the seed's settings). */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected NDArray step(NDManager scope, String id, NDArray g, NDArray[] state) {
    NDArray meanSquareGrad = state[0];
    NDArray meanSquareDelta = state[1];
    meanSquareGrad.muli(rho).addi(in(scope, g.square()).muli(1 - rho));
    NDArray numerator = in(scope, in(scope, meanSquareDelta.add(epsilon)).sqrt());
    NDArray denominator = in(scope, in(scope, meanSquareGrad.add(epsilon)).sqrt());
    NDArray delta = in(scope, numerator.div(denominator)).muli(g);
    meanSquareDelta.muli(rho).addi(in(scope, delta.square()).muli(1 - rho));
    return delta.muli(learningRate());
  }

  /** Builds an {@link Adadelta}. */
  public static final class Builder extends StatefulOptimizer.Builder<Builder> {
    private float rho = 0.9f;
    private float epsilon = 1e-6f;

    /** A builder with the defaults of {@link Adadelta#builder()} (learning rate 1). */
    public Builder() {
      super(1f);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** Sets the decay of the running averages (default 0.9). */
    public Builder optRho(float rho) {
      this.rho = rho;
      return this;
    }

    /** Sets epsilon (default 1e-6). */
    public Builder optEpsilon(float epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    /** Builds the optimiser. */
    public Adadelta build() {
      return new Adadelta(this);
    }
  }
}
