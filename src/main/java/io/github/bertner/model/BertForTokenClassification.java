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
 * HF {@code BertForTokenClassification}: {@link BertModel} ({@code bert}), dropout
 * ({@code classifier_dropout}, else {@code hidden_dropout_prob}) and a Linear head
 * ({@code classifier}).
 *
 * <p>Inputs as for {@link BertModel}; output: logits (B,S,C) with C = number of labels.
 * Use it with DJL's {@code Trainer} (the parameters are ordinary DJL parameters; output shapes
 * are computed without probing, so {@code trainer.initialize} needs no int64 workaround) or in a
 * manual loop: {@code forward(new ParameterStore(batchManager, false), inputs, true)} inside a
 * {@code GradientCollector}.
 */
public final class BertForTokenClassification extends BertWithHead {
    private static final byte VERSION = 1;

    private final int numLabels;
    private final Parameter classifierWeight;
    private final Parameter classifierBias;

    /**
     * Creates a classifier with a fresh encoder.
     *
     * @param config the model configuration
     * @param numLabels number of output classes
     * @param seed seed of the fresh weights
     */
    public BertForTokenClassification(BertConfig config, int numLabels, long seed) {
        this(new BertModel(config, seed), numLabels, seed);
    }

    /**
     * Creates a classifier on top of an existing encoder, which may be shared with another head.
     *
     * @param bert the encoder
     * @param numLabels number of output classes
     * @param seed seed of the fresh head weights
     */
    public BertForTokenClassification(BertModel bert, int numLabels, long seed) {
        super(VERSION, bert);
        if (numLabels <= 0) {
            throw new IllegalArgumentException("number of labels must be positive, found " + numLabels);
        }
        this.numLabels = numLabels;
        classifierWeight = hfParameter("classifier.weight", Parameter.Type.WEIGHT, numLabels, config().hiddenSize());
        classifierBias = hfParameter("classifier.bias", Parameter.Type.BIAS, numLabels);
        initHead(seed);
    }

    /**
     * Number of output classes.
     *
     * @return C
     */
    public int numLabels() {
        return numLabels;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray seq = bert().forward(ps, inputs, training).singletonOrThrow();
        Device d = seq.getDevice();
        NDArray x = BertOps.dropout(seq, config().effectiveClassifierDropout(), training);
        return new NDList(BertOps.linear(x, ps.getValue(classifierWeight, d, training),
                ps.getValue(classifierBias, d, training)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        bert().initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), numLabels)};
    }
}
