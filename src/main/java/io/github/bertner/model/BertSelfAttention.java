package io.github.bertner.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * HF {@code BertSelfAttention}: query, key and value projections, scaled dot-product attention
 * over {@code num_attention_heads} heads with an additive padding mask, softmax and attention
 * dropout. The output projection, residual and LayerNorm follow in {@link BertSelfOutput}; both
 * sit in {@link BertAttention}.
 *
 * <p>Input: hidden states (B,S,H) and the additive mask (B,1,1,S) built by {@link BertModel}.
 * Output: the context (B,S,H) before the output projection.
 */
public final class BertSelfAttention extends HfModule {
    private static final byte VERSION = 1;

    private final BertConfig config;
    private final Parameter queryWeight;
    private final Parameter queryBias;
    private final Parameter keyWeight;
    private final Parameter keyBias;
    private final Parameter valueWeight;
    private final Parameter valueBias;

    /**
     * Creates the attention block.
     *
     * @param config hidden size, heads and attention dropout
     */
    public BertSelfAttention(BertConfig config) {
        super(VERSION);
        this.config = config;
        int h = config.hiddenSize();
        queryWeight = hfParameter("query.weight", Parameter.Type.WEIGHT, h, h);
        queryBias = hfParameter("query.bias", Parameter.Type.BIAS, h);
        keyWeight = hfParameter("key.weight", Parameter.Type.WEIGHT, h, h);
        keyBias = hfParameter("key.bias", Parameter.Type.BIAS, h);
        valueWeight = hfParameter("value.weight", Parameter.Type.WEIGHT, h, h);
        valueBias = hfParameter("value.bias", Parameter.Type.BIAS, h);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.get(1);
        Device d = x.getDevice();
        long b = x.getShape().get(0);
        long s = x.getShape().get(1);
        int heads = config.numAttentionHeads();
        int hs = config.headSize();
        NDArray q = heads(BertOps.linear(x, ps.getValue(queryWeight, d, training), ps.getValue(queryBias, d, training)),
                b, s, heads, hs);
        NDArray k = heads(BertOps.linear(x, ps.getValue(keyWeight, d, training), ps.getValue(keyBias, d, training)),
                b, s, heads, hs);
        NDArray v = heads(BertOps.linear(x, ps.getValue(valueWeight, d, training), ps.getValue(valueBias, d, training)),
                b, s, heads, hs);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div((float) Math.sqrt(hs)).add(mask);
        NDArray probs = BertOps.dropout(scores.softmax(-1), config.attentionProbsDropoutProb(), training);
        NDArray context = probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, s, config.hiddenSize());
        return new NDList(context);
    }

    private static NDArray heads(NDArray x, long b, long s, int heads, int hs) {
        return x.reshape(b, s, heads, hs).transpose(0, 2, 1, 3);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
