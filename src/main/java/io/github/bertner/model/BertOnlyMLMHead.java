package io.github.bertner.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * HF {@code BertOnlyMLMHead}: only a wrapper around {@link BertLMPredictionHead}
 * ({@code predictions}). It exists because HF has it, and it gives the head's tensors their
 * {@code cls.predictions.} names.
 *
 * <p>Input: the sequence output (B,S,H). Output: vocabulary logits (B,S,V).
 */
public final class BertOnlyMLMHead extends HfModule {
    private static final byte VERSION = 1;

    private final BertLMPredictionHead predictions;

    /**
     * Creates the block.
     *
     * @param config hidden and vocabulary sizes
     * @param wordEmbeddings the word-embedding table the decoder is tied to
     */
    public BertOnlyMLMHead(BertConfig config, Parameter wordEmbeddings) {
        super(VERSION);
        predictions = hfChild("predictions", new BertLMPredictionHead(config, wordEmbeddings));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return predictions.forward(ps, inputs, training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        predictions.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return predictions.getOutputShapes(inputShapes);
    }
}
