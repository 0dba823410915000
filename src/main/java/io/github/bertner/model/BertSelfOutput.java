package io.github.bertner.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * HF {@code BertSelfOutput}: the attention output projection, dropout, the residual from the
 * layer input, then LayerNorm (post-LayerNorm BERT).
 *
 * <p>Input: the attention context (B,S,H) and the layer input (B,S,H) for the residual.
 * Output: (B,S,H).
 */
public final class BertSelfOutput extends HfModule {
    private static final byte VERSION = 1;

    private final BertConfig config;
    private final Parameter denseWeight;
    private final Parameter denseBias;
    private final Parameter layerNormWeight;
    private final Parameter layerNormBias;

    /**
     * Creates the block.
     *
     * @param config hidden size, epsilon and dropout
     */
    public BertSelfOutput(BertConfig config) {
        super(VERSION);
        this.config = config;
        int h = config.hiddenSize();
        denseWeight = hfParameter("dense.weight", Parameter.Type.WEIGHT, h, h);
        denseBias = hfParameter("dense.bias", Parameter.Type.BIAS, h);
        layerNormWeight = hfParameter("LayerNorm.weight", Parameter.Type.GAMMA, h);
        layerNormBias = hfParameter("LayerNorm.bias", Parameter.Type.BETA, h);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray context = inputs.get(0);
        NDArray residual = inputs.get(1);
        Device d = context.getDevice();
        NDArray a = BertOps.linear(context, ps.getValue(denseWeight, d, training), ps.getValue(denseBias, d, training));
        a = BertOps.layerNorm(BertOps.dropout(a, config.hiddenDropoutProb(), training).add(residual),
                ps.getValue(layerNormWeight, d, training), ps.getValue(layerNormBias, d, training),
                config.layerNormEps());
        return new NDList(a);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[1]};
    }
}
