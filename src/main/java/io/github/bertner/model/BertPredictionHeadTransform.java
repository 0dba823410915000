package io.github.bertner.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * HF {@code BertPredictionHeadTransform}: dense (hidden to hidden), {@code hidden_act}, LayerNorm;
 * the first half of the masked-LM head.
 *
 * <p>Input: the sequence output (B,S,H). Output: (B,S,H).
 */
public final class BertPredictionHeadTransform extends HfModule {
    private static final byte VERSION = 1;

    private final BertConfig config;
    private final Parameter denseWeight;
    private final Parameter denseBias;
    private final Parameter layerNormWeight;
    private final Parameter layerNormBias;

    /**
     * Creates the block.
     *
     * @param config hidden size, activation and epsilon
     */
    public BertPredictionHeadTransform(BertConfig config) {
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
        NDArray x = inputs.get(0);
        Device d = x.getDevice();
        NDArray t = BertOps.linear(x, ps.getValue(denseWeight, d, training), ps.getValue(denseBias, d, training));
        t = BertOps.activate(t, config.hiddenAct());
        t = BertOps.layerNorm(t, ps.getValue(layerNormWeight, d, training), ps.getValue(layerNormBias, d, training),
                config.layerNormEps());
        return new NDList(t);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
