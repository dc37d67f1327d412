package dev.grcnn.ocr.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Adam (Kingma and Ba 2015) with bias correction, with saveable state. */
public final class Adam extends StatefulOptimizer {

  private final float beta1;
  private final float beta2;
  private final float epsilon;

  private Adam(Builder builder) {
    super(builder, 2);
    this.beta1 = builder.beta1;
    this.beta2 = builder.beta2;
    this.epsilon = builder.epsilon;
  }

  /** A builder with learning rate 1e-3, betas 0.9 and 0.999, eps 1e-8. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected NDArray step(NDManager scope, String id, NDArray g, NDArray[] state) {
    long t = steps() + 1; // steps survive a resume; DJL's update counts do not
    NDArray mean = state[0];
    NDArray variance = state[1];
    mean.muli(beta1).addi(in(scope, g.mul(1 - beta1)));
    variance.muli(beta2).addi(in(scope, g.square()).muli(1 - beta2));
    double correction1 = 1 - Math.pow(beta1, t);
    double correction2 = 1 - Math.pow(beta2, t);
    float rate = (float) (learningRate() * Math.sqrt(correction2) / correction1);
    NDArray denominator = in(scope, variance.sqrt()).addi(epsilon);
    return in(scope, mean.mul(rate)).divi(denominator);
  }

  /** Builds an {@link Adam}. */
  public static final class Builder extends StatefulOptimizer.Builder<Builder> {
    private float beta1 = 0.9f;
    private float beta2 = 0.999f;
    private float epsilon = 1e-8f;

    /** A builder with the defaults of {@link Adam#builder()} (learning rate 1e-3). */
    public Builder() {
      super(1e-3f);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** Sets beta1 and beta2. */
    public Builder optBetas(float beta1, float beta2) {
      this.beta1 = beta1;
      this.beta2 = beta2;
      return this;
    }

    /** Builds the optimiser. */
    public Adam build() {
      return new Adam(this);
    }
  }
}
