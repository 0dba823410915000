package io.github.bertner.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * HF {@code BertOutput}: the feed-forward output projection (intermediate size back to hidden
 * size), dropout, the residual from the attention output, then LayerNorm.
 *
 * <p>Input: the intermediate activation (B,S,F) and the attention output (B,S,H) for the
 * residual. Output: (B,S,H).
 */
public final class BertOutput extends HfModule {
    private static final byte VERSION = 1;

    private final BertConfig config;
    private final Parameter denseWeight;
    private final Parameter denseBias;
    private final Parameter layerNormWeight;
    private final Parameter layerNormBias;

    /**
     * Creates the block.
     *
     * @param config hidden and intermediate sizes, epsilon and dropout
     */
    public BertOutput(BertConfig config) {
        super(VERSION);
        this.config = config;
        int h = config.hiddenSize();
        denseWeight = hfParameter("dense.weight", Parameter.Type.WEIGHT, h, config.intermediateSize());
        denseBias = hfParameter("dense.bias", Parameter.Type.BIAS, h);
        layerNormWeight = hfParameter("LayerNorm.weight", Parameter.Type.GAMMA, h);
        layerNormBias = hfParameter("LayerNorm.bias", Parameter.Type.BETA, h);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray intermediate = inputs.get(0);
        NDArray residual = inputs.get(1);
        Device d = intermediate.getDevice();
        NDArray o = BertOps.linear(intermediate, ps.getValue(denseWeight, d, training),
                ps.getValue(denseBias, d, training));
        o = BertOps.layerNorm(BertOps.dropout(o, config.hiddenDropoutProb(), training).add(residual),
                ps.getValue(layerNormWeight, d, training), ps.getValue(layerNormBias, d, training),
                config.layerNormEps());
        return new NDList(o);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[1]};
    }
}
