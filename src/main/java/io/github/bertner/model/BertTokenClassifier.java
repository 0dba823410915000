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
import java.util.Set;

/**
 * HF {@code BertForTokenClassification}: {@link BertEncoderModel}, dropout
 * ({@code classifier_dropout}, else {@code hidden_dropout_prob}) and a Linear head.
 *
 * <p>Inputs as for {@link BertEncoderModel}; output: logits (B,S,C) with C = number of labels.
 * Use it with DJL's {@code Trainer} (the parameters are ordinary DJL parameters; output shapes
 * are computed without probing, so {@code trainer.initialize} needs no int64 workaround) or in a
 * manual loop: {@code forward(new ParameterStore(batchManager, false), inputs, true)} inside a
 * {@code GradientCollector}.
 */
public final class BertTokenClassifier extends AbstractBlock implements HfBlock {
    private static final byte VERSION = 1;

    private final BertConfig config;
    private final BertEncoderModel encoder;
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
    public BertTokenClassifier(BertConfig config, int numLabels, long seed) {
        this(new BertEncoderModel(config, seed), numLabels, seed);
    }

    /**
     * Creates a classifier on top of an existing encoder, which may be shared with another head.
     *
     * @param encoder the encoder
     * @param numLabels number of output classes
     * @param seed seed of the fresh head weights
     */
    public BertTokenClassifier(BertEncoderModel encoder, int numLabels, long seed) {
        super(VERSION);
        if (numLabels <= 0) {
            throw new IllegalArgumentException("number of labels must be positive, found " + numLabels);
        }
        this.config = encoder.config();
        this.encoder = addChildBlock("bert", encoder);
        this.numLabels = numLabels;
        classifierWeight = addParameter(BertOps.param("classifier.weight", Parameter.Type.WEIGHT, numLabels,
                config.hiddenSize()));
        classifierBias = addParameter(BertOps.param("classifier.bias", Parameter.Type.BIAS, numLabels));
        BertInit.assign(headParameters(), config, seed);
    }

    private Map<String, Parameter> headParameters() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        m.put(classifierWeight.getName(), classifierWeight);
        m.put(classifierBias.getName(), classifierBias);
        return m;
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
    public Map<String, Parameter> hfParameters() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        encoder.hfParameters().forEach((k, v) -> m.put("bert." + k, v));
        m.putAll(headParameters());
        return Collections.unmodifiableMap(m);
    }

    @Override
    public BertConfig config() {
        return config;
    }

    @Override
    public BertEncoderModel encoder() {
        return encoder;
    }

    @Override
    public String encoderPrefix() {
        return "bert.";
    }

    @Override
    public Set<String> headParameterNames() {
        return Set.of(classifierWeight.getName(), classifierBias.getName());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray seq = encoder.forward(ps, inputs, training).singletonOrThrow();
        Device d = seq.getDevice();
        NDArray x = BertOps.dropout(seq, config.effectiveClassifierDropout(), training);
        return new NDList(BertOps.linear(x, ps.getValue(classifierWeight, d, training),
                ps.getValue(classifierBias, d, training)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), numLabels)};
    }
}
