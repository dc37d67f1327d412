package dev.grcnn.ocr.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.grcnn.ocr.model.GrcnnConfig;

/**
 * The whole recogniser: the GRCNN feature extractor, two BiLSTMs over the 26 columns, and CTC
 * log-probabilities. Input (N, 1, 32, 100) normalised as (x - 128) / 128; output (N, 26, classes)
 * log-softmax over the classes, class 0 being the blank.
 */
public final class GrcnnNetwork extends AbstractBlock {

  private final GrcnnConfig config;
  private final int classes;
  private final GrcnnFeatureExtractor features;
  private final BidirectionalLstm sequence1;
  private final BidirectionalLstm sequence2;

  /**
   * Creates the network.
   *
   * @param config the sizes
   * @param classes output classes including the blank
   */
  public GrcnnNetwork(GrcnnConfig config, int classes) {
    this.config = config;
    this.classes = classes;
    features = addChildBlock("features", new GrcnnFeatureExtractor(config));
    sequence1 =
        addChildBlock(
            "bilstm1",
            new BidirectionalLstm(config.convChannels(), config.lstmHidden(), config.lstmHidden()));
    sequence2 =
        addChildBlock(
            "bilstm2", new BidirectionalLstm(config.lstmHidden(), config.lstmHidden(), classes));
  }

  /** The shape of a batch of inputs. */
  public static Shape inputShape(long batch) {
    return new Shape(batch, 1, GrcnnConfig.HEIGHT, GrcnnConfig.WIDTH);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray map = features.forward(ps, inputs, training).head(); // (N, C, 1, 26)
    NDArray seq = map.squeeze(2).transpose(0, 2, 1); // (N, 26, C)
    NDArray h = sequence1.forward(ps, new NDList(seq), training).head();
    NDArray logits = sequence2.forward(ps, new NDList(h), training).head();
    return new NDList(logits.logSoftmax(2));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {new Shape(inputs[0].get(0), GrcnnConfig.SEQUENCE_LENGTH, classes)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
    features.initialize(manager, dataType, shapes);
    Shape map = features.getOutputShapes(shapes)[0];
    if (map.get(2) != 1 || map.get(3) != GrcnnConfig.SEQUENCE_LENGTH) {
      throw new IllegalStateException("feature map should be (N, C, 1, 26) but is " + map);
    }
    Shape seq = new Shape(map.get(0), map.get(3), map.get(1));
    sequence1.initialize(manager, dataType, seq);
    sequence2.initialize(
        manager, dataType, new Shape(seq.get(0), seq.get(1), (long) config.lstmHidden()));
  }
}
