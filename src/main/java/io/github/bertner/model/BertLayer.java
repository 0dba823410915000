package io.github.bertner.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HF {@code BertLayer} (post-LayerNorm): self-attention, output projection + dropout + residual +
 * LayerNorm, then intermediate projection + activation, output projection + dropout + residual +
 * LayerNorm.
 *
 * <p>Input: hidden states (B,S,H) and the additive mask (B,1,1,S). Output: (B,S,H).
 */
public final class BertLayer extends AbstractBlock {
    private static final byte VERSION = 1;

    private final BertConfig config;
    private final BertSelfAttention selfAttention;
    private final Parameter attnOutWeight;
    private final Parameter attnOutBias;
    private final Parameter attnLnWeight;
    private final Parameter attnLnBias;
    private final Parameter interWeight;
    private final Parameter interBias;
    private final Parameter outWeight;
    private final Parameter outBias;
    private final Parameter outLnWeight;
    private final Parameter outLnBias;

    /**
     * Creates one transformer layer.
     *
     * @param config sizes, activation, epsilon and dropout
     */
    public BertLayer(BertConfig config) {
        super(VERSION);
        this.config = config;
        int h = config.hiddenSize();
        int f = config.intermediateSize();
        selfAttention = addChildBlock("attention_self", new BertSelfAttention(config));
        attnOutWeight = addParameter(BertOps.param("attention.output.dense.weight", Parameter.Type.WEIGHT, h, h));
        attnOutBias = addParameter(BertOps.param("attention.output.dense.bias", Parameter.Type.BIAS, h));
        attnLnWeight = addParameter(BertOps.param("attention.output.LayerNorm.weight", Parameter.Type.GAMMA, h));
        attnLnBias = addParameter(BertOps.param("attention.output.LayerNorm.bias", Parameter.Type.BETA, h));
        interWeight = addParameter(BertOps.param("intermediate.dense.weight", Parameter.Type.WEIGHT, f, h));
        interBias = addParameter(BertOps.param("intermediate.dense.bias", Parameter.Type.BIAS, f));
        outWeight = addParameter(BertOps.param("output.dense.weight", Parameter.Type.WEIGHT, h, f));
        outBias = addParameter(BertOps.param("output.dense.bias", Parameter.Type.BIAS, h));
        outLnWeight = addParameter(BertOps.param("output.LayerNorm.weight", Parameter.Type.GAMMA, h));
        outLnBias = addParameter(BertOps.param("output.LayerNorm.bias", Parameter.Type.BETA, h));
    }

    /**
     * Parameters keyed by their HF names relative to {@code encoder.layer.N.}.
     *
     * @return name to parameter
     */
    public Map<String, Parameter> hfParameters() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        selfAttention.hfParameters().forEach((k, v) -> m.put("attention.self." + k, v));
        for (Parameter p : new Parameter[] {attnOutWeight, attnOutBias, attnLnWeight, attnLnBias, interWeight,
            interBias, outWeight, outBias, outLnWeight, outLnBias}) {
            m.put(p.getName(), p);
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        Device d = x.getDevice();
        double eps = config.layerNormEps();
        double drop = config.hiddenDropoutProb();
        NDArray context = selfAttention.forward(ps, inputs, training).singletonOrThrow();
        NDArray a = BertOps.linear(context, ps.getValue(attnOutWeight, d, training),
                ps.getValue(attnOutBias, d, training));
        a = BertOps.layerNorm(BertOps.dropout(a, drop, training).add(x), ps.getValue(attnLnWeight, d, training),
                ps.getValue(attnLnBias, d, training), eps);
        NDArray i = BertOps.activate(BertOps.linear(a, ps.getValue(interWeight, d, training),
                ps.getValue(interBias, d, training)), config.hiddenAct());
        NDArray o = BertOps.linear(i, ps.getValue(outWeight, d, training), ps.getValue(outBias, d, training));
        o = BertOps.layerNorm(BertOps.dropout(o, drop, training).add(a), ps.getValue(outLnWeight, d, training),
                ps.getValue(outLnBias, d, training), eps);
        return new NDList(o);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        selfAttention.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
