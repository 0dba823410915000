package io.github.bertner.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * HF {@code BertIntermediate}: the feed-forward input projection (hidden size to intermediate
 * size) followed by {@code hidden_act}.
 *
 * <p>Input: the attention output (B,S,H). Output: (B,S,F) with F = {@code intermediate_size}.
 */
public final class BertIntermediate extends HfModule {
    private static final byte VERSION = 1;

    private final BertConfig config;
    private final Parameter denseWeight;
    private final Parameter denseBias;

    /**
     * Creates the block.
     *
     * @param config hidden and intermediate sizes and the activation
     */
    public BertIntermediate(BertConfig config) {
        super(VERSION);
        this.config = config;
        int f = config.intermediateSize();
        denseWeight = hfParameter("dense.weight", Parameter.Type.WEIGHT, f, config.hiddenSize());
        denseBias = hfParameter("dense.bias", Parameter.Type.BIAS, f);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        Device d = x.getDevice();
        return new NDList(BertOps.activate(BertOps.linear(x, ps.getValue(denseWeight, d, training),
                ps.getValue(denseBias, d, training)), config.hiddenAct()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), config.intermediateSize())};
    }
}
