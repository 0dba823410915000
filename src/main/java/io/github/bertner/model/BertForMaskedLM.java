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
 * HF {@code BertForMaskedLM}: {@link BertEncoderModel} followed by the prediction head
 * {@code cls.predictions}: transform dense + activation + LayerNorm, then a decoder whose weight
 * is TIED to the word-embedding table, plus {@code cls.predictions.bias}.
 *
 * <p>Inputs as for {@link BertEncoderModel}; output: vocabulary logits (B,S,V). The tied decoder
 * weight is the embedding parameter itself, so gradients from both uses add up in one array, as in
 * PyTorch.
 */
public final class BertForMaskedLM extends AbstractBlock implements HfBlock {
    private static final byte VERSION = 1;

    private final BertConfig config;
    private final BertEncoderModel encoder;
    private final Parameter transformWeight;
    private final Parameter transformBias;
    private final Parameter transformLnWeight;
    private final Parameter transformLnBias;
    private final Parameter decoderBias;

    /**
     * Creates a masked-LM model with a fresh encoder.
     *
     * @param config the model configuration
     * @param seed seed of the fresh weights
     */
    public BertForMaskedLM(BertConfig config, long seed) {
        this(new BertEncoderModel(config, seed), seed);
    }

    /**
     * Creates a masked-LM head on an existing encoder, which may be shared with another head.
     *
     * @param encoder the encoder
     * @param seed seed of the fresh head weights
     */
    public BertForMaskedLM(BertEncoderModel encoder, long seed) {
        super(VERSION);
        this.config = encoder.config();
        this.encoder = addChildBlock("bert", encoder);
        int h = config.hiddenSize();
        transformWeight = addParameter(BertOps.param("cls.predictions.transform.dense.weight",
                Parameter.Type.WEIGHT, h, h));
        transformBias = addParameter(BertOps.param("cls.predictions.transform.dense.bias", Parameter.Type.BIAS, h));
        transformLnWeight = addParameter(BertOps.param("cls.predictions.transform.LayerNorm.weight",
                Parameter.Type.GAMMA, h));
        transformLnBias = addParameter(BertOps.param("cls.predictions.transform.LayerNorm.bias",
                Parameter.Type.BETA, h));
        decoderBias = addParameter(BertOps.param("cls.predictions.bias", Parameter.Type.BIAS, config.vocabSize()));
        BertInit.assign(headParameters(), config, seed);
    }

    private Map<String, Parameter> headParameters() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        for (Parameter p : new Parameter[] {transformWeight, transformBias, transformLnWeight, transformLnBias,
            decoderBias}) {
            m.put(p.getName(), p);
        }
        return m;
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
        return headParameters().keySet();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray seq = encoder.forward(ps, inputs, training).singletonOrThrow();
        Device d = seq.getDevice();
        NDArray t = BertOps.linear(seq, ps.getValue(transformWeight, d, training),
                ps.getValue(transformBias, d, training));
        t = BertOps.activate(t, config.hiddenAct());
        t = BertOps.layerNorm(t, ps.getValue(transformLnWeight, d, training), ps.getValue(transformLnBias, d, training),
                config.layerNormEps());
        NDArray words = ps.getValue(encoder.embeddings().wordEmbeddings(), d, training);
        return new NDList(BertOps.linear(t, words, ps.getValue(decoderBias, d, training)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), config.vocabSize())};
    }
}
