package io.github.bertner.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Locale;

/**
 * HF {@code BertEmbeddings}: word + absolute position (0..S-1) + token-type embeddings, then
 * LayerNorm and dropout.
 *
 * <p>Input: {@code input_ids} (B,S) integer, optionally {@code token_type_ids} (B,S); missing token
 * types mean all zeros. Output: (B,S,H) float32. Any S up to {@code max_position_embeddings} works.
 */
public final class BertEmbeddings extends HfModule {
    private static final byte VERSION = 1;

    private final BertConfig config;
    private final Parameter wordEmbeddings;
    private final Parameter positionEmbeddings;
    private final Parameter tokenTypeEmbeddings;
    private final Parameter layerNormWeight;
    private final Parameter layerNormBias;

    /**
     * Creates the embedding block; parameters get their values from the owning model.
     *
     * @param config sizes, epsilon and dropout
     */
    public BertEmbeddings(BertConfig config) {
        super(VERSION);
        this.config = config;
        int h = config.hiddenSize();
        wordEmbeddings = hfParameter("word_embeddings.weight", Parameter.Type.WEIGHT,
                config.vocabSize(), h);
        positionEmbeddings = hfParameter("position_embeddings.weight", Parameter.Type.WEIGHT,
                config.maxPositionEmbeddings(), h);
        tokenTypeEmbeddings = hfParameter("token_type_embeddings.weight", Parameter.Type.WEIGHT,
                config.typeVocabSize(), h);
        layerNormWeight = hfParameter("LayerNorm.weight", Parameter.Type.GAMMA, h);
        layerNormBias = hfParameter("LayerNorm.bias", Parameter.Type.BETA, h);
    }

    /**
     * The word-embedding table, which a masked-LM decoder shares.
     *
     * @return the (vocab_size, hidden_size) parameter
     */
    public Parameter wordEmbeddings() {
        return wordEmbeddings;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray ids = asLong(inputs.get(0));
        Device device = ids.getDevice();
        long seqLen = ids.getShape().get(1);
        if (seqLen > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "sequence length %d exceeds max_position_embeddings %d", seqLen, config.maxPositionEmbeddings()));
        }
        NDManager batch = ids.getManager();
        NDArray types = inputs.size() > 1 && inputs.get(1) != null ? asLong(inputs.get(1))
                : batch.zeros(ids.getShape(), DataType.INT64);
        NDArray positions = batch.arange(0f, (float) seqLen, 1f, DataType.INT64);
        NDArray x = embed(ids, ps.getValue(wordEmbeddings, device, training));
        x = x.add(embed(positions, ps.getValue(positionEmbeddings, device, training)));
        x = x.add(embed(types, ps.getValue(tokenTypeEmbeddings, device, training)));
        x = BertOps.layerNorm(x, ps.getValue(layerNormWeight, device, training),
                ps.getValue(layerNormBias, device, training), config.layerNormEps());
        return new NDList(BertOps.dropout(x, config.hiddenDropoutProb(), training));
    }

    private static NDArray embed(NDArray ids, NDArray table) {
        return Embedding.embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    private static NDArray asLong(NDArray a) {
        return a.getDataType() == DataType.INT64 ? a : a.toType(DataType.INT64, false);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), config.hiddenSize())};
    }
}
