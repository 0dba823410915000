package io.github.bertner.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Hugging Face {@code config.json} form of a {@link BertConfig}: parsing with field-by-field checks
 * (messages name the file and the field), and writing with sorted keys as {@code save_pretrained} does.
 * Fields the record does not interpret are kept in {@link BertConfig#otherFields()} and written back.
 */
final class BertConfigJson {

    private static final Set<String> KNOWN_FIELDS = Set.of("vocab_size", "hidden_size", "num_hidden_layers",
            "num_attention_heads", "intermediate_size", "hidden_act", "hidden_dropout_prob",
            "attention_probs_dropout_prob", "classifier_dropout", "max_position_embeddings", "type_vocab_size",
            "layer_norm_eps", "initializer_range", "pad_token_id", "id2label", "label2id", "architectures",
            "model_type", BertConfig.BERTNER_KEY);

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeNulls().create();

    private BertConfigJson() {
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
    static BertConfig read(Path file) throws IOException {
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
    static BertConfig fromJson(String json, String source) throws CheckpointException {
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
        String modelType = JsonFields.optString(obj, "model_type", null);
        if (modelType != null && !modelType.equals("bert")) {
            throw new IllegalArgumentException("field 'model_type': expected \"bert\", found \"" + modelType + "\"");
        }
        String positionType = JsonFields.optString(obj, "position_embedding_type", "absolute");
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
        BertConfig.Builder b = BertConfig.builder()
                .setVocabSize(JsonFields.requiredInt(obj, "vocab_size"))
                .setHiddenSize(JsonFields.requiredInt(obj, "hidden_size"))
                .setNumHiddenLayers(JsonFields.requiredInt(obj, "num_hidden_layers"))
                .setNumAttentionHeads(JsonFields.requiredInt(obj, "num_attention_heads"))
                .setIntermediateSize(JsonFields.requiredInt(obj, "intermediate_size"));
        String act = JsonFields.optString(obj, "hidden_act", "gelu");
        try {
            b.optHiddenAct(HiddenActivation.fromHfName(act));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field 'hidden_act': " + e.getMessage(), e);
        }
        b.optHiddenDropoutProb(JsonFields.optDouble(obj, "hidden_dropout_prob", 0.1))
                .optAttentionProbsDropoutProb(JsonFields.optDouble(obj, "attention_probs_dropout_prob", 0.1))
                .optMaxPositionEmbeddings(JsonFields.optInt(obj, "max_position_embeddings", 512))
                .optTypeVocabSize(JsonFields.optInt(obj, "type_vocab_size", 2))
                .optLayerNormEps(JsonFields.optDouble(obj, "layer_norm_eps", 1e-12))
                .optInitializerRange(JsonFields.optDouble(obj, "initializer_range", 0.02))
                .optPadTokenId(JsonFields.optInt(obj, "pad_token_id", 0));
        JsonElement cd = obj.get("classifier_dropout");
        if (cd != null && !cd.isJsonNull()) {
            b.optClassifierDropout(JsonFields.optDouble(obj, "classifier_dropout", 0));
        }
        List<String> labels = readLabels(obj);
        for (String field : new String[] {"num_labels", "_num_labels"}) {
            JsonElement n = obj.get(field);
            if (labels != null && n != null && n.isJsonPrimitive() && n.getAsJsonPrimitive().isNumber()
                    && JsonFields.integral(field, n.getAsDouble()) != labels.size()) {
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
        JsonElement ours = obj.get(BertConfig.BERTNER_KEY);
        if (ours != null && !ours.isJsonNull()) {
            if (!ours.isJsonObject()) {
                throw new IllegalArgumentException("field '" + BertConfig.BERTNER_KEY + "': expected an object, found " + ours);
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
                label2id.put(e.getKey(), JsonFields.integral("label2id", v.getAsDouble()));
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

    /**
     * Renders this config as a Hugging Face {@code config.json} object with sorted keys, as
     * {@code save_pretrained} writes it. Weights are always written as float32, so a
     * {@code torch_dtype} field is set to {@code "float32"}.
     *
     * @return a new JSON object
     */
    static JsonObject toJson(BertConfig c) {
        TreeMap<String, JsonElement> m = new TreeMap<>();
        for (Map.Entry<String, JsonElement> e : c.otherFields().entrySet()) {
            m.put(e.getKey(), e.getValue().deepCopy());
        }
        if (m.containsKey("torch_dtype")) {
            m.put("torch_dtype", new JsonPrimitive("float32"));
        }
        m.put("model_type", new JsonPrimitive("bert"));
        m.put("vocab_size", new JsonPrimitive(c.vocabSize()));
        m.put("hidden_size", new JsonPrimitive(c.hiddenSize()));
        m.put("num_hidden_layers", new JsonPrimitive(c.numHiddenLayers()));
        m.put("num_attention_heads", new JsonPrimitive(c.numAttentionHeads()));
        m.put("intermediate_size", new JsonPrimitive(c.intermediateSize()));
        m.put("hidden_act", new JsonPrimitive(c.hiddenAct().hfName()));
        m.put("hidden_dropout_prob", new JsonPrimitive(c.hiddenDropoutProb()));
        m.put("attention_probs_dropout_prob", new JsonPrimitive(c.attentionProbsDropoutProb()));
        m.put("classifier_dropout", c.classifierDropout() == null ? JsonNull.INSTANCE
                : new JsonPrimitive(c.classifierDropout()));
        m.put("max_position_embeddings", new JsonPrimitive(c.maxPositionEmbeddings()));
        m.put("type_vocab_size", new JsonPrimitive(c.typeVocabSize()));
        m.put("layer_norm_eps", new JsonPrimitive(c.layerNormEps()));
        m.put("initializer_range", new JsonPrimitive(c.initializerRange()));
        m.put("pad_token_id", new JsonPrimitive(c.padTokenId()));
        if (!c.architectures().isEmpty()) {
            JsonArray a = new JsonArray();
            c.architectures().forEach(a::add);
            m.put("architectures", a);
        }
        if (!c.labels().isEmpty()) {
            JsonObject id2label = new JsonObject();
            JsonObject label2id = new JsonObject();
            for (int i = 0; i < c.labels().size(); i++) {
                id2label.addProperty(Integer.toString(i), c.labels().get(i));
                label2id.addProperty(c.labels().get(i), i);
            }
            m.put("id2label", id2label);
            m.put("label2id", label2id);
        }
        if (c.bertner().size() > 0) {
            m.put(BertConfig.BERTNER_KEY, c.bertner().deepCopy());
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
    static String toJsonString(BertConfig c) {
        return GSON.toJson(toJson(c)) + "\n";
    }

    /**
     * Writes this config as a Hugging Face {@code config.json}.
     *
     * @param file the target file; replaced when it exists
     * @throws IOException when the file cannot be written
     */
    static void write(BertConfig c, Path file) throws IOException {
        Files.writeString(file, toJsonString(c), StandardCharsets.UTF_8);
    }
}
