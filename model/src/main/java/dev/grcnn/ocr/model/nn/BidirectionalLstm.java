package dev.grcnn.ocr.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A bidirectional LSTM over (N, T, C) followed by a linear layer on the joined directions, as in
 * CRNN and the GRCNN reference code. It is built from two unidirectional LSTMs, one over the
 * sequence and one over its reverse, because the bidirectional LSTM of DJL 0.25's PyTorch engine
 * fails (a shape error when input and hidden sizes differ, a native crash in backward when equal).
 */
public final class BidirectionalLstm extends AbstractBlock {

  private final int inputSize;
  private final int hidden;
  private final int outputSize;
  private final Block forward;
  private final Block backward;
  private final Block projection;

  /**
   * Creates the block.
   *
   * @param inputSize features per step of the input, checked at initialisation
   * @param hidden hidden units of each direction
   * @param outputSize features per step of the output
   */
  public BidirectionalLstm(int inputSize, int hidden, int outputSize) {
    this.inputSize = inputSize;
    this.hidden = hidden;
    this.outputSize = outputSize;
    forward = addChildBlock("fwd", lstm(hidden));
    backward = addChildBlock("bwd", lstm(hidden));
    projection = addChildBlock("linear", Linear.builder().setUnits(outputSize).build());
  }

  private static Block lstm(int hidden) {
    return LSTM.builder().setStateSize(hidden).setNumLayers(1).optBatchFirst(true).build();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.head();
    // LSTM.forward appends its zero states to the list it is given: each call gets its own.
    NDArray ahead = forward.forward(ps, new NDList(x), training).head();
    NDArray reversed = backward.forward(ps, new NDList(x.flip(1)), training).head().flip(1);
    NDArray joined = NDArrays.concat(new NDList(ahead, reversed), 2);
    return projection.forward(ps, new NDList(joined), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape in = inputs[0];
    return new Shape[] {new Shape(in.get(0), in.get(1), outputSize)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
    Shape in = shapes[0];
    if (in.dimension() != 3 || in.get(2) != inputSize) {
      throw new IllegalArgumentException("BiLSTM expects (N, T, " + inputSize + ") but got " + in);
    }
    forward.initialize(manager, dataType, in);
    backward.initialize(manager, dataType, in);
    projection.initialize(manager, dataType, new Shape(in.get(0), in.get(1), 2L * hidden));
  }
}
