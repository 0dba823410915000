package io.github.bertner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * HF {@code BertLayer} (post-LayerNorm): {@link BertAttention} ({@code attention}), then the
 * feed-forward {@link BertIntermediate} ({@code intermediate}) and {@link BertOutput}
 * ({@code output}), which adds the residual from the attention output.
 *
 * <p>Input: hidden states (B,S,H) and the additive mask (B,1,1,S). Output: (B,S,H).
 */
public final class BertLayer extends HfModule {
    private static final byte VERSION = 1;

    private final BertConfig config;
    private final BertAttention attention;
    private final BertIntermediate intermediate;
    private final BertOutput output;

    /**
     * Creates one transformer layer.
     *
     * @param config sizes, activation, epsilon and dropout
     */
    public BertLayer(BertConfig config) {
        super(VERSION);
        this.config = config;
        attention = hfChild("attention", new BertAttention(config));
        intermediate = hfChild("intermediate", new BertIntermediate(config));
        output = hfChild("output", new BertOutput(config));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray a = attention.forward(ps, inputs, training).singletonOrThrow();
        NDArray i = intermediate.forward(ps, new NDList(a), training).singletonOrThrow();
        return output.forward(ps, new NDList(i, a), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape hidden = inputShapes[0];
        attention.initialize(manager, dataType, inputShapes);
        intermediate.initialize(manager, dataType, hidden);
        output.initialize(manager, dataType, new Shape(hidden.get(0), hidden.get(1), config.intermediateSize()),
                hidden);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
