package io.github.bertner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * HF {@code BertAttention}: {@link BertSelfAttention} ({@code self}) followed by
 * {@link BertSelfOutput} ({@code output}), which adds the residual from the layer input.
 *
 * <p>Input: hidden states (B,S,H) and the additive mask (B,1,1,S). Output: (B,S,H).
 */
public final class BertAttention extends HfModule {
    private static final byte VERSION = 1;

    private final BertSelfAttention self;
    private final BertSelfOutput output;

    /**
     * Creates the block.
     *
     * @param config the model configuration
     */
    public BertAttention(BertConfig config) {
        super(VERSION);
        self = hfChild("self", new BertSelfAttention(config));
        output = hfChild("output", new BertSelfOutput(config));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray context = self.forward(ps, inputs, training).singletonOrThrow();
        return output.forward(ps, new NDList(context, x), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        self.initialize(manager, dataType, inputShapes);
        output.initialize(manager, dataType, inputShapes[0], inputShapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
