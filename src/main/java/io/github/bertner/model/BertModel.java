package io.github.bertner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * HF {@code BertModel} without the pooler: {@link BertEmbeddings} ({@code embeddings}) followed
 * by {@link BertEncoder} ({@code encoder}), giving the sequence output.
 *
 * <p>Inputs (an {@link NDList}): {@code input_ids} (B,S) integer; {@code attention_mask} (B,S)
 * with 1 for real and 0 for padded positions (any numeric type; omitted = all ones);
 * {@code token_type_ids} (B,S) (omitted = zeros). Output: the last hidden state (B,S,H).
 * Padded keys get {@link BertOps#MASK_VALUE} added before the softmax, so they have exactly zero
 * attention weight and cannot change the outputs at real positions.
 *
 * <p>A checkpoint's pooler ({@code pooler.dense.*}) is not used for token classification; it is
 * kept as plain Java tensors in {@link #retainedTensors()} so that saving writes it back.
 */
public final class BertModel extends HfModule implements HfBlock {
    private static final byte VERSION = 1;

    private final BertConfig config;
    private final BertEmbeddings embeddings;
    private final BertEncoder encoder;
    private final Map<String, FloatTensor> retained = new LinkedHashMap<>();

    /**
     * Creates an encoder with HF initialisation for the given seed; the values are materialised
     * by {@code initialize} unless a checkpoint supplies them first.
     *
     * @param config the model configuration
     * @param seed seed of the fresh weights
     */
    public BertModel(BertConfig config, long seed) {
        super(VERSION);
        this.config = config;
        embeddings = hfChild("embeddings", new BertEmbeddings(config));
        encoder = hfChild("encoder", new BertEncoder(config));
        // seeded by BertModel-relative names, so the encoder's fresh weights do not depend on the head
        BertInit.assign(hfParameters(), config, seed);
    }

    @Override
    public BertConfig config() {
        return config;
    }

    @Override
    public BertModel bert() {
        return this;
    }

    @Override
    public String bertPrefix() {
        return prefixOf(this);
    }

    @Override
    public Set<String> headParameterNames() {
        return Set.of();
    }

    /**
     * The embedding block (its word table is shared with a masked-LM decoder).
     *
     * @return the embeddings
     */
    public BertEmbeddings embeddings() {
        return embeddings;
    }

    /**
     * The transformer layer stack.
     *
     * @return the encoder
     */
    public BertEncoder encoder() {
        return encoder;
    }

    /**
     * Checkpoint tensors kept but not computed with (the pooler), keyed by BertModel-relative HF name.
     *
     * @return the live, mutable map
     */
    public Map<String, FloatTensor> retainedTensors() {
        return retained;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        if (ids.getShape().dimension() != 2) {
            throw new IllegalArgumentException("input_ids must have shape (batch, sequence), found " + ids.getShape());
        }
        long b = ids.getShape().get(0);
        long s = ids.getShape().get(1);
        NDArray mask = inputs.size() > 1 && inputs.get(1) != null ? inputs.get(1)
                : ids.getManager().ones(ids.getShape(), DataType.FLOAT32);
        if (!mask.getShape().equals(ids.getShape())) {
            throw new IllegalArgumentException("attention_mask shape " + mask.getShape()
                    + " differs from input_ids shape " + ids.getShape());
        }
        NDArray types = inputs.size() > 2 ? inputs.get(2) : null;
        NDArray additive = mask.toType(DataType.FLOAT32, false).neg().add(1f).mul(BertOps.MASK_VALUE)
                .reshape(b, 1, 1, s);
        NDArray x = embeddings.forward(ps, types == null ? new NDList(ids) : new NDList(ids, types), training)
                .singletonOrThrow();
        return encoder.forward(ps, new NDList(x, additive), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape ids = inputShapes[0];
        embeddings.initialize(manager, dataType, ids);
        Shape hidden = new Shape(ids.get(0), ids.get(1), config.hiddenSize());
        Shape mask = new Shape(ids.get(0), 1, 1, ids.get(1));
        encoder.initialize(manager, dataType, hidden, mask);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), config.hiddenSize())};
    }
}
