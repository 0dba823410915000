package io.github.bertner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * HF {@code BertForMaskedLM}: {@link BertModel} ({@code bert}) followed by the prediction head
 * {@link BertOnlyMLMHead} ({@code cls}): {@code cls.predictions.transform} (dense + activation +
 * LayerNorm), then a decoder whose weight is TIED to the word-embedding table, plus
 * {@code cls.predictions.bias}.
 *
 * <p>Inputs as for {@link BertModel}; output: vocabulary logits (B,S,V). The tied decoder
 * weight is the embedding parameter itself, so gradients from both uses add up in one array, as in
 * PyTorch.
 */
public final class BertForMaskedLM extends BertWithHead {
    private static final byte VERSION = 1;

    private final BertOnlyMLMHead cls;

    /**
     * Creates a masked-LM model with a fresh encoder.
     *
     * @param config the model configuration
     * @param seed seed of the fresh weights
     */
    public BertForMaskedLM(BertConfig config, long seed) {
        this(new BertModel(config, seed), seed);
    }

    /**
     * Creates a masked-LM head on an existing encoder, which may be shared with another head.
     *
     * @param bert the encoder
     * @param seed seed of the fresh head weights
     */
    public BertForMaskedLM(BertModel bert, long seed) {
        super(VERSION, bert);
        cls = hfChild("cls", new BertOnlyMLMHead(bert.config(), bert.embeddings().wordEmbeddings()));
        initHead(seed);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray seq = bert().forward(ps, inputs, training).singletonOrThrow();
        return cls.forward(ps, new NDList(seq), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        bert().initialize(manager, dataType, inputShapes);
        Shape ids = inputShapes[0];
        cls.initialize(manager, dataType, new Shape(ids.get(0), ids.get(1), config().hiddenSize()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), config().vocabSize())};
    }
}
