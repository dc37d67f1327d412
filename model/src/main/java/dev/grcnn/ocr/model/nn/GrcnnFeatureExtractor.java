package dev.grcnn.ocr.model.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.grcnn.ocr.model.GrcnnConfig;
import java.util.List;

/**
 * The convolutional stage of GRCNN: (N, 1, 32, 100) to a feature map (N, C, 1, 26).
 *
 * <pre>
 *   conv 3x3 + ReLU, max-pool 2x2            -> 16 x 50
 *   GRCL,            max-pool 2x2            ->  8 x 25
 *   GRCL,            max-pool 2x2 /(2,1) p(0,1) -> 4 x 26
 *   GRCL,            max-pool 2x2 /(2,1) p(0,1) -> 2 x 27
 *   conv 2x2 + BN + ReLU                     ->  1 x 26
 * </pre>
 */
public final class GrcnnFeatureExtractor extends AbstractBlock {

  private final GrcnnConfig config;
  private final SequentialBlock layers = new SequentialBlock();

  /** Creates the stage for a config. */
  public GrcnnFeatureExtractor(GrcnnConfig config) {
    this.config = config;
    List<Integer> grcl = config.grclChannels();
    Shape pool = new Shape(2, 2);
    Shape tallStride = new Shape(2, 1);
    Shape widthPad = new Shape(0, 1);
    layers
        .add(conv(config.stemChannels(), 3, 1, true))
        .add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(pool, pool))
        .add(grcl(config.stemChannels(), grcl.get(0)))
        .add(Pool.maxPool2dBlock(pool, pool))
        .add(grcl(grcl.get(0), grcl.get(1)))
        .add(Pool.maxPool2dBlock(pool, tallStride, widthPad))
        .add(grcl(grcl.get(1), grcl.get(2)))
        .add(Pool.maxPool2dBlock(pool, tallStride, widthPad))
        .add(conv(config.convChannels(), 2, 0, false))
        .add(BatchNorm.builder().build())
        .add(Activation.reluBlock());
    addChildBlock("layers", layers);
  }

  private GrclBlock grcl(int inChannels, int channels) {
    return GrclBlock.builder()
        .setInChannels(inChannels)
        .setChannels(channels)
        .setIterations(config.iterations())
        .optSharedWeights(config.sharedWeights())
        .build();
  }

  private static Block conv(int filters, int kernel, int pad, boolean bias) {
    return Conv2d.builder()
        .setKernelShape(new Shape(kernel, kernel))
        .optPadding(new Shape(pad, pad))
        .setFilters(filters)
        .optBias(bias)
        .build();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return layers.forward(ps, inputs, training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return layers.getOutputShapes(inputs);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
    Shape in = shapes[0];
    if (in.dimension() != 4
        || in.get(1) != 1
        || in.get(2) != GrcnnConfig.HEIGHT
        || in.get(3) != GrcnnConfig.WIDTH) {
      throw new IllegalArgumentException("GRCNN expects (N, 1, 32, 100) but got " + in);
    }
    layers.initialize(manager, dataType, in);
  }
}
