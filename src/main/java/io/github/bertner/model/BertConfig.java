package io.github.bertner.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

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

    private static final Set<String> KNOWN_FIELDS = Set.of("vocab_size", "hidden_size", "num_hidden_layers",
            "num_attention_heads", "intermediate_size", "hidden_act", "hidden_dropout_prob",
            "attention_probs_dropout_prob", "classifier_dropout", "max_position_embeddings", "type_vocab_size",
            "layer_norm_eps", "initializer_range", "pad_token_id", "id2label", "label2id", "architectures",
            "model_type", BERTNER_KEY);

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeNulls().create();

    /** Size presets for models trained from scratch; all use 512 positions and HF defaults otherwise. */
    public enum Preset {
        /** 2 layers, hidden 128, 2 heads, feed-forward 512. */
        TINY(2, 128, 2, 512),
        /** 4 layers, hidden 256, 4 heads, feed-forward 1024. */
        MINI(4, 256, 4, 1024),
        /** 4 layers, hidden 512, 8 heads, feed-forward 2048. */
        SMALL(4, 512, 8, 2048),
        /** 12 layers, hidden 768, 12 heads, feed-forward 3072 (BERT-base). */
        BASE(12, 768, 12, 3072);

        private final int layers;
        private final int hidden;
        private final int heads;
        private final int ffn;

        Preset(int layers, int hidden, int heads, int ffn) {
            this.layers = layers;
            this.hidden = hidden;
            this.heads = heads;
            this.ffn = ffn;
        }

        /**
         * Builds the configuration of this preset.
         *
         * @param vocabSize number of word pieces of the vocabulary the model will use
         * @return a validated configuration without labels
         */
        public BertConfig config(int vocabSize) {
            return builder().setVocabSize(vocabSize).setHiddenSize(hidden).setNumHiddenLayers(layers)
                    .setNumAttentionHeads(heads).setIntermediateSize(ffn).build();
        }
    }

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
        for (Preset p : Preset.values()) {
            if (p.name().equalsIgnoreCase(name.trim())) {
                return p.config(vocabSize);
            }
        }
        throw new IllegalArgumentException(String.format(Locale.ROOT, "unknown model preset \"%s\"; expected one of %s",
                name, Arrays.stream(Preset.values()).map(p -> p.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", "))));
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
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("missing config file " + file, e);
        }
        return fromJson(text, file.toString());
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
        JsonObject obj;
        try {
            JsonReader reader = new JsonReader(new StringReader(json));
            reader.setStrictness(Strictness.STRICT);
            JsonElement root = GSON.getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new CheckpointException(source + ": unexpected content after the JSON object");
            }
            if (!root.isJsonObject()) {
                throw new CheckpointException(source + ": expected a JSON object, found " + root);
            }
            obj = root.getAsJsonObject();
        } catch (IOException | JsonParseException | IllegalStateException e) {
            if (e instanceof CheckpointException ce) {
                throw ce;
            }
            throw new CheckpointException(source + ": invalid JSON: " + e.getMessage(), e);
        }
        try {
            return fromJsonObject(obj, source);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(source + ": " + e.getMessage(), e);
        }
    }

    private static BertConfig fromJsonObject(JsonObject obj, String source) {
        String modelType = optString(obj, "model_type", null);
        if (modelType != null && !modelType.equals("bert")) {
            throw new IllegalArgumentException("field 'model_type': expected \"bert\", found \"" + modelType + "\"");
        }
        String positionType = optString(obj, "position_embedding_type", "absolute");
        if (!positionType.equals("absolute")) {
            throw new IllegalArgumentException(
                    "field 'position_embedding_type': only \"absolute\" is supported, found \"" + positionType + "\"");
        }
        for (String flag : List.of("is_decoder", "add_cross_attention")) {
            JsonElement e = obj.get(flag);
            if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() && e.getAsBoolean()) {
                throw new IllegalArgumentException("field '" + flag + "': only encoder models are supported, found true");
            }
        }
        Builder b = builder()
                .setVocabSize(requiredInt(obj, "vocab_size"))
                .setHiddenSize(requiredInt(obj, "hidden_size"))
                .setNumHiddenLayers(requiredInt(obj, "num_hidden_layers"))
                .setNumAttentionHeads(requiredInt(obj, "num_attention_heads"))
                .setIntermediateSize(requiredInt(obj, "intermediate_size"));
        String act = optString(obj, "hidden_act", "gelu");
        try {
            b.optHiddenAct(HiddenActivation.fromHfName(act));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field 'hidden_act': " + e.getMessage(), e);
        }
        b.optHiddenDropoutProb(optDouble(obj, "hidden_dropout_prob", 0.1))
                .optAttentionProbsDropoutProb(optDouble(obj, "attention_probs_dropout_prob", 0.1))
                .optMaxPositionEmbeddings(optInt(obj, "max_position_embeddings", 512))
                .optTypeVocabSize(optInt(obj, "type_vocab_size", 2))
                .optLayerNormEps(optDouble(obj, "layer_norm_eps", 1e-12))
                .optInitializerRange(optDouble(obj, "initializer_range", 0.02))
                .optPadTokenId(optInt(obj, "pad_token_id", 0));
        JsonElement cd = obj.get("classifier_dropout");
        if (cd != null && !cd.isJsonNull()) {
            b.optClassifierDropout(optDouble(obj, "classifier_dropout", 0));
        }
        List<String> labels = readLabels(obj);
        for (String field : new String[] {"num_labels", "_num_labels"}) {
            JsonElement n = obj.get(field);
            if (labels != null && n != null && n.isJsonPrimitive() && n.getAsJsonPrimitive().isNumber()
                    && integral(field, n.getAsDouble()) != labels.size()) {
                throw new IllegalArgumentException("field '" + field + "': expected " + labels.size()
                        + " (the labels of id2label), found " + n);
            }
        }
        b.optLabels(labels);
        JsonElement arch = obj.get("architectures");
        if (arch != null && !arch.isJsonNull()) {
            if (!arch.isJsonArray()) {
                throw new IllegalArgumentException("field 'architectures': expected an array of strings, found " + arch);
            }
            List<String> names = new ArrayList<>();
            for (JsonElement e : arch.getAsJsonArray()) {
                if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                    throw new IllegalArgumentException("field 'architectures': expected strings, found " + e);
                }
                names.add(e.getAsString());
            }
            b.optArchitectures(names);
        }
        JsonElement ours = obj.get(BERTNER_KEY);
        if (ours != null && !ours.isJsonNull()) {
            if (!ours.isJsonObject()) {
                throw new IllegalArgumentException("field '" + BERTNER_KEY + "': expected an object, found " + ours);
            }
            b.optBertner(ours.getAsJsonObject());
        }
        JsonObject other = new JsonObject();
        for (Map.Entry<String, JsonElement> e : obj.entrySet()) {
            if (!KNOWN_FIELDS.contains(e.getKey())) {
                other.add(e.getKey(), e.getValue());
            }
        }
        b.optOtherFields(other);
        return b.build();
    }

    private static List<String> readLabels(JsonObject obj) {
        JsonElement id2labelEl = obj.get("id2label");
        JsonElement label2idEl = obj.get("label2id");
        List<String> labels = null;
        if (id2labelEl != null && !id2labelEl.isJsonNull()) {
            if (!id2labelEl.isJsonObject()) {
                throw new IllegalArgumentException("field 'id2label': expected an object, found " + id2labelEl);
            }
            Map<Integer, String> byId = new TreeMap<>();
            for (Map.Entry<String, JsonElement> e : id2labelEl.getAsJsonObject().entrySet()) {
                int id;
                try {
                    id = Integer.parseInt(e.getKey());
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException("field 'id2label': expected integer keys, found \"" + e.getKey() + "\"", ex);
                }
                if (!e.getValue().isJsonPrimitive() || !e.getValue().getAsJsonPrimitive().isString()) {
                    throw new IllegalArgumentException("field 'id2label': expected a string label for id " + id
                            + ", found " + e.getValue());
                }
                byId.put(id, e.getValue().getAsString());
            }
            labels = new ArrayList<>();
            int expected = 0;
            for (Map.Entry<Integer, String> e : byId.entrySet()) {
                if (e.getKey() != expected) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "field 'id2label': expected ids 0..%d without gaps, found id %d where %d was expected",
                            byId.size() - 1, e.getKey(), expected));
                }
                labels.add(e.getValue());
                expected++;
            }
        }
        if (label2idEl != null && !label2idEl.isJsonNull()) {
            if (!label2idEl.isJsonObject()) {
                throw new IllegalArgumentException("field 'label2id': expected an object, found " + label2idEl);
            }
            Map<String, Integer> label2id = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : label2idEl.getAsJsonObject().entrySet()) {
                JsonElement v = e.getValue();
                if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
                    throw new IllegalArgumentException("field 'label2id': expected an integer id for \"" + e.getKey()
                            + "\", found " + v);
                }
                label2id.put(e.getKey(), integral("label2id", v.getAsDouble()));
            }
            if (labels == null) {
                String[] byId = new String[label2id.size()];
                for (Map.Entry<String, Integer> e : label2id.entrySet()) {
                    int id = e.getValue();
                    if (id < 0 || id >= byId.length || byId[id] != null) {
                        throw new IllegalArgumentException(String.format(Locale.ROOT,
                                "field 'label2id': expected ids 0..%d used once each, found %d for \"%s\"",
                                byId.length - 1, id, e.getKey()));
                    }
                    byId[id] = e.getKey();
                }
                labels = Arrays.asList(byId);
            } else {
                if (label2id.size() != labels.size()) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "fields 'id2label' and 'label2id' disagree: %d labels versus %d", labels.size(),
                            label2id.size()));
                }
                for (int i = 0; i < labels.size(); i++) {
                    Integer id = label2id.get(labels.get(i));
                    if (id == null || id != i) {
                        throw new IllegalArgumentException(String.format(Locale.ROOT,
                                "fields 'id2label' and 'label2id' disagree for \"%s\": id2label gives %d, label2id gives %s",
                                labels.get(i), i, id));
                    }
                }
            }
        }
        return labels == null ? List.of() : labels;
    }

    private static int requiredInt(JsonObject obj, String field) {
        JsonElement e = obj.get(field);
        if (e == null || e.isJsonNull()) {
            throw new IllegalArgumentException("missing required field '" + field + "'");
        }
        return optInt(obj, field, 0);
    }

    private static int optInt(JsonObject obj, String field, int dflt) {
        JsonElement e = obj.get(field);
        if (e == null || e.isJsonNull()) {
            return dflt;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException("field '" + field + "': expected an integer, found " + e);
        }
        return integral(field, e.getAsDouble());
    }

    private static int integral(String field, double v) {
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("field '" + field + "': expected an integer, found " + v);
        }
        return (int) v;
    }

    private static double optDouble(JsonObject obj, String field, double dflt) {
        JsonElement e = obj.get(field);
        if (e == null || e.isJsonNull()) {
            return dflt;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException("field '" + field + "': expected a number, found " + e);
        }
        return e.getAsDouble();
    }

    private static String optString(JsonObject obj, String field, String dflt) {
        JsonElement e = obj.get(field);
        if (e == null || e.isJsonNull()) {
            return dflt;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException("field '" + field + "': expected a string, found " + e);
        }
        return e.getAsString();
    }

    /**
     * Renders this config as a Hugging Face {@code config.json} object with sorted keys, as
     * {@code save_pretrained} writes it. Weights are always written as float32, so a
     * {@code torch_dtype} field is set to {@code "float32"}.
     *
     * @return a new JSON object
     */
    public JsonObject toJson() {
        TreeMap<String, JsonElement> m = new TreeMap<>();
        for (Map.Entry<String, JsonElement> e : otherFields.entrySet()) {
            m.put(e.getKey(), e.getValue().deepCopy());
        }
        if (m.containsKey("torch_dtype")) {
            m.put("torch_dtype", new JsonPrimitive("float32"));
        }
        m.put("model_type", new JsonPrimitive("bert"));
        m.put("vocab_size", new JsonPrimitive(vocabSize));
        m.put("hidden_size", new JsonPrimitive(hiddenSize));
        m.put("num_hidden_layers", new JsonPrimitive(numHiddenLayers));
        m.put("num_attention_heads", new JsonPrimitive(numAttentionHeads));
        m.put("intermediate_size", new JsonPrimitive(intermediateSize));
        m.put("hidden_act", new JsonPrimitive(hiddenAct.hfName()));
        m.put("hidden_dropout_prob", new JsonPrimitive(hiddenDropoutProb));
        m.put("attention_probs_dropout_prob", new JsonPrimitive(attentionProbsDropoutProb));
        m.put("classifier_dropout", classifierDropout == null ? com.google.gson.JsonNull.INSTANCE
                : new JsonPrimitive(classifierDropout));
        m.put("max_position_embeddings", new JsonPrimitive(maxPositionEmbeddings));
        m.put("type_vocab_size", new JsonPrimitive(typeVocabSize));
        m.put("layer_norm_eps", new JsonPrimitive(layerNormEps));
        m.put("initializer_range", new JsonPrimitive(initializerRange));
        m.put("pad_token_id", new JsonPrimitive(padTokenId));
        if (!architectures.isEmpty()) {
            JsonArray a = new JsonArray();
            architectures.forEach(a::add);
            m.put("architectures", a);
        }
        if (!labels.isEmpty()) {
            JsonObject id2label = new JsonObject();
            JsonObject label2id = new JsonObject();
            for (int i = 0; i < labels.size(); i++) {
                id2label.addProperty(Integer.toString(i), labels.get(i));
                label2id.addProperty(labels.get(i), i);
            }
            m.put("id2label", id2label);
            m.put("label2id", label2id);
        }
        if (bertner.size() > 0) {
            m.put(BERTNER_KEY, bertner.deepCopy());
        }
        JsonObject out = new JsonObject();
        m.forEach(out::add);
        return out;
    }

    /**
     * Renders this config as pretty-printed JSON text.
     *
     * @return the text of a {@code config.json}
     */
    public String toJsonString() {
        return GSON.toJson(toJson()) + "\n";
    }

    /**
     * Writes this config as a Hugging Face {@code config.json}.
     *
     * @param file the target file; replaced when it exists
     * @throws IOException when the file cannot be written
     */
    public void write(Path file) throws IOException {
        Files.writeString(file, toJsonString(), StandardCharsets.UTF_8);
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
