package io.github.bertner.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The shape HF's {@code BertSelfOutput} and {@code BertOutput} share: a dense projection to the hidden size,
 * dropout, the residual, then LayerNorm (post-LayerNorm BERT). The two HF classes stay separate classes here so
 * that block names mirror the checkpoint; they differ only in the projection's input size.
 *
 * <p>Input: the activation to project (B,S,in) and the residual (B,S,H). Output: (B,S,H).
 */
abstract class ResidualDenseNorm extends HfModule {
    private static final byte VERSION = 1;

    private final BertConfig config;
    private final Parameter denseWeight;
    private final Parameter denseBias;
    private final Parameter layerNormWeight;
    private final Parameter layerNormBias;

    ResidualDenseNorm(BertConfig config, int inputSize) {
        super(VERSION);
        this.config = config;
        int h = config.hiddenSize();
        denseWeight = hfParameter("dense.weight", Parameter.Type.WEIGHT, h, inputSize);
        denseBias = hfParameter("dense.bias", Parameter.Type.BIAS, h);
        layerNormWeight = hfParameter("LayerNorm.weight", Parameter.Type.GAMMA, h);
        layerNormBias = hfParameter("LayerNorm.bias", Parameter.Type.BETA, h);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray residual = inputs.get(1);
        Device d = x.getDevice();
        NDArray o = BertOps.linear(x, ps.getValue(denseWeight, d, training), ps.getValue(denseBias, d, training));
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
