package io.github.bertner.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Hyper-parameters of a BERT model in the form of a Hugging Face {@code config.json}
 * ({@code model_type} "bert"), plus the label list of a token-classification head and a free
 * {@code "bertner"} object in which other packages keep their own settings (label alignment, tag
 * scheme, ...).
 *
 * <p>Reading and writing keep every field this class does not interpret ({@link #otherFields()}),
 * so a foreign config survives a round trip. Construction validates the whole record; a config
 * read from a file reports problems with the file name and the field name.
 *
 * @param vocabSize HF {@code vocab_size}: rows of the word-embedding table
 * @param hiddenSize HF {@code hidden_size}
 * @param numHiddenLayers HF {@code num_hidden_layers}
 * @param numAttentionHeads HF {@code num_attention_heads}; must divide {@code hiddenSize}
 * @param intermediateSize HF {@code intermediate_size}: width of the feed-forward layer
 * @param hiddenAct HF {@code hidden_act}
 * @param hiddenDropoutProb HF {@code hidden_dropout_prob}, in [0, 1)
 * @param attentionProbsDropoutProb HF {@code attention_probs_dropout_prob}, in [0, 1)
 * @param classifierDropout HF {@code classifier_dropout}; null means "use hiddenDropoutProb"
 * @param maxPositionEmbeddings HF {@code max_position_embeddings}: longest sequence
 * @param typeVocabSize HF {@code type_vocab_size}: number of token-type (segment) ids
 * @param layerNormEps HF {@code layer_norm_eps}
 * @param initializerRange HF {@code initializer_range}: standard deviation of fresh weights
 * @param padTokenId HF {@code pad_token_id}
 * @param labels the classifier labels in id order (HF {@code id2label}); empty when no head is defined
 * @param architectures HF {@code architectures}, for example {@code ["BertForTokenClassification"]}
 * @param bertner our own settings, written under the key {@code "bertner"}
 * @param otherFields every other top-level field of the file, written back unchanged
 */
public record BertConfig(
        int vocabSize,
        int hiddenSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int intermediateSize,
        HiddenActivation hiddenAct,
        double hiddenDropoutProb,
        double attentionProbsDropoutProb,
        Double classifierDropout,
        int maxPositionEmbeddings,
        int typeVocabSize,
        double layerNormEps,
        double initializerRange,
        int padTokenId,
        List<String> labels,
        List<String> architectures,
        JsonObject bertner,
        JsonObject otherFields) {

    /** The key under which {@link #bertner()} is stored in {@code config.json}. */
    public static final String BERTNER_KEY = "bertner";

    /** Validates and defensively copies; messages name the HF field. */
    public BertConfig {
        Objects.requireNonNull(hiddenAct, "hiddenAct");
        labels = List.copyOf(Objects.requireNonNull(labels, "labels"));
        architectures = List.copyOf(Objects.requireNonNull(architectures, "architectures"));
        bertner = bertner == null ? new JsonObject() : bertner.deepCopy();
        otherFields = otherFields == null ? new JsonObject() : otherFields.deepCopy();
        positive("vocab_size", vocabSize);
        positive("hidden_size", hiddenSize);
        positive("num_hidden_layers", numHiddenLayers);
        positive("num_attention_heads", numAttentionHeads);
        positive("intermediate_size", intermediateSize);
        positive("max_position_embeddings", maxPositionEmbeddings);
        positive("type_vocab_size", typeVocabSize);
        if (hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "field 'num_attention_heads' = %d does not divide field 'hidden_size' = %d",
                    numAttentionHeads, hiddenSize));
        }
        probability("hidden_dropout_prob", hiddenDropoutProb);
        probability("attention_probs_dropout_prob", attentionProbsDropoutProb);
        if (classifierDropout != null) {
            probability("classifier_dropout", classifierDropout);
        }
        if (!(layerNormEps > 0) || Double.isInfinite(layerNormEps)) {
            throw new IllegalArgumentException("field 'layer_norm_eps': expected a positive number, found " + layerNormEps);
        }
        if (!(initializerRange > 0) || Double.isInfinite(initializerRange)) {
            throw new IllegalArgumentException(
                    "field 'initializer_range': expected a positive number, found " + initializerRange);
        }
        if (padTokenId < 0 || padTokenId >= vocabSize) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "field 'pad_token_id': expected 0 <= id < vocab_size = %d, found %d", vocabSize, padTokenId));
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            if (label.isEmpty()) {
                throw new IllegalArgumentException("field 'id2label': label " + i + " is empty");
            }
            Integer previous = seen.put(label, i);
            if (previous != null) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "field 'id2label': label \"%s\" appears twice, at ids %d and %d", label, previous, i));
            }
        }
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "field '%s': expected a positive integer, found %d", field, value));
        }
    }

    private static void probability(String field, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "field '%s': expected a probability in [0, 1), found %s", field, value));
        }
    }

    /**
     * Returns a copy of our own settings stored under {@code "bertner"}.
     *
     * @return a mutable copy; changing it does not change this config
     */
    @Override
    public JsonObject bertner() {
        return bertner.deepCopy();
    }

    /**
     * Returns a copy of the top-level fields this class does not interpret.
     *
     * @return a mutable copy; changing it does not change this config
     */
    @Override
    public JsonObject otherFields() {
        return otherFields.deepCopy();
    }

    /**
     * Returns a string setting from the {@code "bertner"} object.
     *
     * @param key the setting name, for example {@code "tag_scheme"}
     * @return the value when present and a JSON string
     */
    public Optional<String> bertnerString(String key) {
        JsonElement e = bertner.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()
                ? Optional.of(e.getAsString()) : Optional.empty();
    }

    /**
     * Size of one attention head.
     *
     * @return {@code hiddenSize / numAttentionHeads}
     */
    public int headSize() {
        return hiddenSize / numAttentionHeads;
    }

    /**
     * Dropout rate in front of the token-classification head, as HF's BertForTokenClassification
     * chooses it.
     *
     * @return {@code classifierDropout} when set, else {@code hiddenDropoutProb}
     */
    public double effectiveClassifierDropout() {
        return classifierDropout != null ? classifierDropout : hiddenDropoutProb;
    }

    /**
     * Returns the inverse of {@link #labels()} (HF {@code label2id}).
     *
     * @return label to id, in id order
     */
    public Map<String, Integer> label2id() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            m.put(labels.get(i), i);
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * Returns this config with another label list.
     *
     * @param newLabels the classifier labels in id order
     * @return a validated copy
     */
    public BertConfig withLabels(List<String> newLabels) {
        return toBuilder().optLabels(newLabels).build();
    }

    /**
     * Returns the configuration of a size preset.
     *
     * @param name one of tiny, mini, small, base (case-insensitive)
     * @param vocabSize number of word pieces of the vocabulary
     * @return a validated configuration without labels
     * @throws IllegalArgumentException naming the known presets when {@code name} is not one
     */
    public static BertConfig preset(String name, int vocabSize) {
        return BertPreset.parse(name).config(vocabSize);
    }

    /**
     * Reads a Hugging Face {@code config.json}.
     *
     * @param file the file
     * @return the validated configuration
     * @throws CheckpointException naming the file and field when the file is absent, is not JSON,
     *     lacks a required field or holds an unsupported or inconsistent value
     * @throws IOException when the file cannot be read
     */
    public static BertConfig read(Path file) throws IOException {
        return BertConfigJson.read(file);
    }

    /**
     * Parses the text of a Hugging Face {@code config.json}.
     *
     * @param json the JSON text
     * @param source the file name or other origin, used in error messages
     * @return the validated configuration
     * @throws CheckpointException naming {@code source} and the field on any problem
     */
    public static BertConfig fromJson(String json, String source) throws CheckpointException {
        return BertConfigJson.fromJson(json, source);
    }

    /**
     * Renders this config as a Hugging Face {@code config.json} object with sorted keys, as
     * {@code save_pretrained} writes it. Weights are always written as float32, so a
     * {@code torch_dtype} field is set to {@code "float32"}.
     *
     * @return a new JSON object
     */
    public JsonObject toJson() {
        return BertConfigJson.toJson(this);
    }

    /**
     * Renders this config as pretty-printed JSON text.
     *
     * @return the text of a {@code config.json}
     */
    public String toJsonString() {
        return BertConfigJson.toJsonString(this);
    }

    /**
     * Writes this config as a Hugging Face {@code config.json}.
     *
     * @param file the target file; replaced when it exists
     * @throws IOException when the file cannot be written
     */
    public void write(Path file) throws IOException {
        BertConfigJson.write(this, file);
    }

    /**
     * Starts a builder with HF defaults for every optional field.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder holding every value of this config.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = builder().setVocabSize(vocabSize).setHiddenSize(hiddenSize).setNumHiddenLayers(numHiddenLayers)
                .setNumAttentionHeads(numAttentionHeads).setIntermediateSize(intermediateSize).optHiddenAct(hiddenAct)
                .optHiddenDropoutProb(hiddenDropoutProb).optAttentionProbsDropoutProb(attentionProbsDropoutProb)
                .optMaxPositionEmbeddings(maxPositionEmbeddings).optTypeVocabSize(typeVocabSize)
                .optLayerNormEps(layerNormEps).optInitializerRange(initializerRange).optPadTokenId(padTokenId)
                .optLabels(labels).optArchitectures(architectures).optBertner(bertner).optOtherFields(otherFields);
        b.classifierDropout = classifierDropout;
        return b;
    }

    /** Builder for {@link BertConfig}; the five {@code set} values are required. */
    public static final class Builder {
        private Integer vocabSize;
        private Integer hiddenSize;
        private Integer numHiddenLayers;
        private Integer numAttentionHeads;
        private Integer intermediateSize;
        private HiddenActivation hiddenAct = HiddenActivation.GELU;
        private double hiddenDropoutProb = 0.1;
        private double attentionProbsDropoutProb = 0.1;
        private Double classifierDropout;
        private int maxPositionEmbeddings = 512;
        private int typeVocabSize = 2;
        private double layerNormEps = 1e-12;
        private double initializerRange = 0.02;
        private int padTokenId;
        private List<String> labels = List.of();
        private List<String> architectures = List.of();
        private JsonObject bertner = new JsonObject();
        private JsonObject otherFields = new JsonObject();

        private Builder() {
        }

        /**
         * Sets {@code vocab_size}.
         *
         * @param v number of word pieces
         * @return this builder
         */
        public Builder setVocabSize(int v) {
            vocabSize = v;
            return this;
        }

        /**
         * Sets {@code hidden_size}.
         *
         * @param v hidden width
         * @return this builder
         */
        public Builder setHiddenSize(int v) {
            hiddenSize = v;
            return this;
        }

        /**
         * Sets {@code num_hidden_layers}.
         *
         * @param v number of transformer layers
         * @return this builder
         */
        public Builder setNumHiddenLayers(int v) {
            numHiddenLayers = v;
            return this;
        }

        /**
         * Sets {@code num_attention_heads}.
         *
         * @param v number of heads; must divide the hidden size
         * @return this builder
         */
        public Builder setNumAttentionHeads(int v) {
            numAttentionHeads = v;
            return this;
        }

        /**
         * Sets {@code intermediate_size}.
         *
         * @param v feed-forward width
         * @return this builder
         */
        public Builder setIntermediateSize(int v) {
            intermediateSize = v;
            return this;
        }

        /**
         * Sets {@code hidden_act} (default GELU).
         *
         * @param v the activation
         * @return this builder
         */
        public Builder optHiddenAct(HiddenActivation v) {
            hiddenAct = v;
            return this;
        }

        /**
         * Sets {@code hidden_dropout_prob} (default 0.1).
         *
         * @param v dropout rate
         * @return this builder
         */
        public Builder optHiddenDropoutProb(double v) {
            hiddenDropoutProb = v;
            return this;
        }

        /**
         * Sets {@code attention_probs_dropout_prob} (default 0.1).
         *
         * @param v dropout rate
         * @return this builder
         */
        public Builder optAttentionProbsDropoutProb(double v) {
            attentionProbsDropoutProb = v;
            return this;
        }

        /**
         * Sets {@code classifier_dropout} (default: unset, meaning the hidden dropout).
         *
         * @param v dropout rate
         * @return this builder
         */
        public Builder optClassifierDropout(double v) {
            classifierDropout = v;
            return this;
        }

        /**
         * Sets {@code max_position_embeddings} (default 512).
         *
         * @param v longest supported sequence
         * @return this builder
         */
        public Builder optMaxPositionEmbeddings(int v) {
            maxPositionEmbeddings = v;
            return this;
        }

        /**
         * Sets {@code type_vocab_size} (default 2).
         *
         * @param v number of token types
         * @return this builder
         */
        public Builder optTypeVocabSize(int v) {
            typeVocabSize = v;
            return this;
        }

        /**
         * Sets {@code layer_norm_eps} (default 1e-12).
         *
         * @param v epsilon
         * @return this builder
         */
        public Builder optLayerNormEps(double v) {
            layerNormEps = v;
            return this;
        }

        /**
         * Sets {@code initializer_range} (default 0.02).
         *
         * @param v standard deviation of fresh weights
         * @return this builder
         */
        public Builder optInitializerRange(double v) {
            initializerRange = v;
            return this;
        }

        /**
         * Sets {@code pad_token_id} (default 0).
         *
         * @param v id of the padding piece
         * @return this builder
         */
        public Builder optPadTokenId(int v) {
            padTokenId = v;
            return this;
        }

        /**
         * Sets the classifier labels in id order.
         *
         * @param v labels; no duplicates
         * @return this builder
         */
        public Builder optLabels(List<String> v) {
            labels = List.copyOf(v);
            return this;
        }

        /**
         * Sets {@code architectures}.
         *
         * @param v HF class names
         * @return this builder
         */
        public Builder optArchitectures(List<String> v) {
            architectures = List.copyOf(v);
            return this;
        }

        /**
         * Replaces the whole {@code "bertner"} settings object.
         *
         * @param v the settings; copied
         * @return this builder
         */
        public Builder optBertner(JsonObject v) {
            bertner = v.deepCopy();
            return this;
        }

        /**
         * Sets one entry of the {@code "bertner"} settings object.
         *
         * @param key setting name
         * @param value any JSON value; copied
         * @return this builder
         */
        public Builder optBertnerValue(String key, JsonElement value) {
            bertner.add(key, value.deepCopy());
            return this;
        }

        /**
         * Sets one string entry of the {@code "bertner"} settings object.
         *
         * @param key setting name
         * @param value the string
         * @return this builder
         */
        public Builder optBertnerValue(String key, String value) {
            bertner.addProperty(key, value);
            return this;
        }

        /**
         * Sets the uninterpreted fields written back to {@code config.json}.
         *
         * @param v the fields; copied
         * @return this builder
         */
        public Builder optOtherFields(JsonObject v) {
            otherFields = v.deepCopy();
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the config
         * @throws IllegalArgumentException naming the field when a value is missing or invalid
         */
        public BertConfig build() {
            return new BertConfig(required("vocab_size", vocabSize), required("hidden_size", hiddenSize),
                    required("num_hidden_layers", numHiddenLayers), required("num_attention_heads", numAttentionHeads),
                    required("intermediate_size", intermediateSize), hiddenAct, hiddenDropoutProb,
                    attentionProbsDropoutProb, classifierDropout, maxPositionEmbeddings, typeVocabSize, layerNormEps,
                    initializerRange, padTokenId, labels, architectures, bertner, otherFields);
        }

        private static int required(String field, Integer v) {
            if (v == null) {
                throw new IllegalArgumentException("missing required field '" + field + "'");
            }
            return v;
        }
    }
}
