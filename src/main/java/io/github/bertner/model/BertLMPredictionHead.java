package io.github.bertner.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * HF {@code BertLMPredictionHead}: {@link BertPredictionHeadTransform} ({@code transform}), then the
 * decoder to vocabulary logits with its own {@code bias}.
 *
 * <p>The decoder weight is TIED to the word-embedding table, as in HF: it is the embedding
 * parameter itself, read here but registered only by {@link BertEmbeddings}, so it is saved once
 * (as {@code bert.embeddings.word_embeddings.weight}) and gradients from both uses add up in one
 * array. HF's {@code decoder.bias} is the same tensor as {@code bias}; only {@code bias} is
 * written, and {@link HfCheckpoint} reads either.
 *
 * <p>Input: the sequence output (B,S,H). Output: vocabulary logits (B,S,V).
 */
public final class BertLMPredictionHead extends HfModule {
    private static final byte VERSION = 1;

    private final BertConfig config;
    private final BertPredictionHeadTransform transform;
    private final Parameter decoderWeight;
    private final Parameter bias;

    /**
     * Creates the block.
     *
     * @param config hidden and vocabulary sizes
     * @param wordEmbeddings the (vocab_size, hidden_size) word-embedding table the decoder is tied to
     */
    public BertLMPredictionHead(BertConfig config, Parameter wordEmbeddings) {
        super(VERSION);
        this.config = config;
        transform = hfChild("transform", new BertPredictionHeadTransform(config));
        decoderWeight = wordEmbeddings;
        bias = hfParameter("bias", Parameter.Type.BIAS, config.vocabSize());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray t = transform.forward(ps, inputs, training).singletonOrThrow();
        Device d = t.getDevice();
        NDArray words = ps.getValue(decoderWeight, d, training);
        return new NDList(BertOps.linear(t, words, ps.getValue(bias, d, training)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        transform.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), config.vocabSize())};
    }
}
