package dev.grcnn.ocr.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A gated recurrent convolution layer (Wang and Hu, 2017). On the input u it computes once the
 * feed-forward terms BN(w_f * u) and BN(w_gf * u), starts from x(0) = ReLU(BN(w_f * u)), and then
 * iterates T times:
 *
 * <pre>
 *   G(t) = sigmoid(BN(w_gf * u) + BN(w_gr * x(t-1)))
 *   x(t) = ReLU(BN(w_f * u) + BN(BN(w_r * x(t-1)) . G(t)))
 * </pre>
 *
 * w_f and w_r are 3x3 convolutions, the gate's w_gf and w_gr are 1x1. With shared weights the T
 * iterations use one w_r and one w_gr. The batch norms of the recurrent terms, BN(w_r * x(t-1)),
 * BN(w_gr * x(t-1)) and the outer BN of the gated term, are per iteration even with shared weights,
 * since the statistics of x(t) change with t; the two of the feed-forward terms are computed once,
 * so there is one of each. Convolutions followed by batch norm carry no bias.
 *
 * <p>Built with {@link #builder()}: {@code set*} for the required sizes, {@code opt*} for the rest,
 * as DJL's own blocks.
 */
public final class GrclBlock extends AbstractBlock {

  private final int inChannels;
  private final int channels;
  private final int iterations;
  private final Block feedForward;
  private final Block feedForwardNorm;
  private final Block gateFeedForward;
  private final Block gateFeedForwardNorm;
  private final List<Block> recurrent = new ArrayList<>();
  private final List<Block> gateRecurrent = new ArrayList<>();
  private final List<Block> recurrentNorm = new ArrayList<>();
  private final List<Block> gateRecurrentNorm = new ArrayList<>();
  private final List<Block> gatedNorm = new ArrayList<>();

  private GrclBlock(Builder b) {
    this.inChannels = b.inChannels;
    this.channels = b.channels;
    this.iterations = b.iterations;
    boolean sharedWeights = b.sharedWeights;
    feedForward = addChildBlock("wf", conv(3));
    feedForwardNorm = addChildBlock("wf_bn", norm());
    gateFeedForward = addChildBlock("wgf", conv(1));
    gateFeedForwardNorm = addChildBlock("wgf_bn", norm());
    int distinct = sharedWeights ? 1 : iterations;
    for (int t = 0; t < distinct; t++) {
      recurrent.add(addChildBlock("wr_" + t, conv(3)));
      gateRecurrent.add(addChildBlock("wgr_" + t, conv(1)));
    }
    for (int t = 0; t < iterations; t++) {
      recurrentNorm.add(addChildBlock("wr_bn_" + t, norm()));
      gateRecurrentNorm.add(addChildBlock("wgr_bn_" + t, norm()));
      gatedNorm.add(addChildBlock("gated_bn_" + t, norm()));
    }
  }

  /** A builder of a GRCL layer. */
  public static Builder builder() {
    return new Builder();
  }

  /** Sizes of a GRCL layer: the three {@code set*} are required. */
  public static final class Builder {
    private int inChannels;
    private int channels;
    private int iterations;
    private boolean sharedWeights;

    private Builder() {}

    /** Channels of the input u, checked at initialisation. */
    public Builder setInChannels(int inChannels) {
      this.inChannels = inChannels;
      return this;
    }

    /** Output channels. */
    public Builder setChannels(int channels) {
      this.channels = channels;
      return this;
    }

    /** The recurrent iterations T. */
    public Builder setIterations(int iterations) {
      this.iterations = iterations;
      return this;
    }

    /** Whether the T iterations share w_r and w_gr (default: each has its own). */
    public Builder optSharedWeights(boolean sharedWeights) {
      this.sharedWeights = sharedWeights;
      return this;
    }

    /**
     * The layer.
     *
     * @throws IllegalArgumentException when a size is missing or not positive
     */
    public GrclBlock build() {
      if (inChannels <= 0 || channels <= 0 || iterations <= 0) {
        throw new IllegalArgumentException(
            "GRCL sizes must be set and positive: in channels "
                + inChannels
                + ", channels "
                + channels
                + ", iterations "
                + iterations);
      }
      return new GrclBlock(this);
    }
  }

  private Block conv(int kernel) {
    int pad = kernel / 2;
    return Conv2d.builder()
        .setKernelShape(new Shape(kernel, kernel))
        .optPadding(new Shape(pad, pad))
        .setFilters(channels)
        .optBias(false)
        .build();
  }

  private static Block norm() {
    return BatchNorm.builder().build();
  }

  /** Output channels. */
  public int channels() {
    return channels;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray u = inputs.head();
    NDArray ff = run(feedForwardNorm, ps, run(feedForward, ps, u, training), training);
    NDArray gateFf = run(gateFeedForwardNorm, ps, run(gateFeedForward, ps, u, training), training);
    NDArray x = Activation.relu(ff);
    for (int t = 0; t < iterations; t++) {
      Block wr = recurrent.get(recurrent.size() == 1 ? 0 : t);
      Block wgr = gateRecurrent.get(gateRecurrent.size() == 1 ? 0 : t);
      NDArray gateRec = run(gateRecurrentNorm.get(t), ps, run(wgr, ps, x, training), training);
      NDArray gate = Activation.sigmoid(gateFf.add(gateRec));
      NDArray rec = run(recurrentNorm.get(t), ps, run(wr, ps, x, training), training);
      NDArray gated = run(gatedNorm.get(t), ps, rec.mul(gate), training);
      x = Activation.relu(ff.add(gated));
    }
    return new NDList(x);
  }

  private static NDArray run(Block block, ParameterStore ps, NDArray in, boolean training) {
    return block.forward(ps, new NDList(in), training).head();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape in = inputs[0];
    return new Shape[] {new Shape(in.get(0), channels, in.get(2), in.get(3))};
  }

  @Override
  protected void initializeChildBlocks(
      ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    if (in.dimension() != 4 || in.get(1) != inChannels) {
      throw new IllegalArgumentException(
          "GRCL expects (N, " + inChannels + ", H, W) but got " + in);
    }
    Shape inner = new Shape(in.get(0), channels, in.get(2), in.get(3));
    feedForward.initialize(manager, dataType, in);
    gateFeedForward.initialize(manager, dataType, in);
    for (Block b : List.of(feedForwardNorm, gateFeedForwardNorm)) {
      b.initialize(manager, dataType, inner);
    }
    for (Block b : recurrent) {
      b.initialize(manager, dataType, inner);
    }
    for (Block b : gateRecurrent) {
      b.initialize(manager, dataType, inner);
    }
    for (int t = 0; t < iterations; t++) {
      recurrentNorm.get(t).initialize(manager, dataType, inner);
      gateRecurrentNorm.get(t).initialize(manager, dataType, inner);
      gatedNorm.get(t).initialize(manager, dataType, inner);
    }
  }
}
