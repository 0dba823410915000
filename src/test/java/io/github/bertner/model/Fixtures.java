package io.github.bertner.model;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Small HF-format checkpoints with random weights, built from a hand-written list of HF tensor
 * names (not from the classes under test) so that name mapping is checked too.
 */
final class Fixtures {
    static final int VOCAB = 40;
    static final int HIDDEN = 32;
    static final int LAYERS = 2;
    static final int HEADS = 4;
    static final int FFN = 64;
    static final int POSITIONS = 24;
    static final List<String> LABELS = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");

    private Fixtures() {
    }

    static JsonObject config(String act, List<String> labels) {
        JsonObject c = new JsonObject();
        c.addProperty("model_type", "bert");
        c.addProperty("vocab_size", VOCAB);
        c.addProperty("hidden_size", HIDDEN);
        c.addProperty("num_hidden_layers", LAYERS);
        c.addProperty("num_attention_heads", HEADS);
        c.addProperty("intermediate_size", FFN);
        c.addProperty("hidden_act", act);
        c.addProperty("hidden_dropout_prob", 0.1);
        c.addProperty("attention_probs_dropout_prob", 0.1);
        c.addProperty("max_position_embeddings", POSITIONS);
        c.addProperty("type_vocab_size", 2);
        c.addProperty("layer_norm_eps", 1e-12);
        c.addProperty("initializer_range", 0.02);
        c.addProperty("pad_token_id", 0);
        c.addProperty("transformers_version", "4.46.0");
        if (!labels.isEmpty()) {
            JsonObject id2label = new JsonObject();
            JsonObject label2id = new JsonObject();
            for (int i = 0; i < labels.size(); i++) {
                id2label.addProperty(Integer.toString(i), labels.get(i));
                label2id.addProperty(labels.get(i), i);
            }
            c.add("id2label", id2label);
            c.add("label2id", label2id);
        }
        return c;
    }

    /** Random weights under HF names; weights N(0,0.3), biases N(0,0.1), LayerNorm weight 1+N(0,0.1). */
    static RawSafetensors weights(long seed, int numLabels, boolean mlm, boolean pooler) {
        Random r = new Random(seed);
        RawSafetensors st = new RawSafetensors();
        add(st, r, "bert.embeddings.word_embeddings.weight", VOCAB, HIDDEN);
        add(st, r, "bert.embeddings.position_embeddings.weight", POSITIONS, HIDDEN);
        add(st, r, "bert.embeddings.token_type_embeddings.weight", 2, HIDDEN);
        addLayerNorm(st, r, "bert.embeddings.LayerNorm");
        for (int l = 0; l < LAYERS; l++) {
            String p = "bert.encoder.layer." + l + ".";
            for (String qkv : new String[] {"query", "key", "value"}) {
                addDense(st, r, p + "attention.self." + qkv, HIDDEN, HIDDEN);
            }
            addDense(st, r, p + "attention.output.dense", HIDDEN, HIDDEN);
            addLayerNorm(st, r, p + "attention.output.LayerNorm");
            addDense(st, r, p + "intermediate.dense", FFN, HIDDEN);
            addDense(st, r, p + "output.dense", HIDDEN, FFN);
            addLayerNorm(st, r, p + "output.LayerNorm");
        }
        if (pooler) {
            addDense(st, r, "bert.pooler.dense", HIDDEN, HIDDEN);
        }
        if (numLabels > 0) {
            addDense(st, r, "classifier", numLabels, HIDDEN);
        }
        if (mlm) {
            addDense(st, r, "cls.predictions.transform.dense", HIDDEN, HIDDEN);
            addLayerNorm(st, r, "cls.predictions.transform.LayerNorm");
            add(st, r, 0.1, "cls.predictions.bias", VOCAB);
        }
        return st;
    }

    private static void addDense(RawSafetensors st, Random r, String name, int out, int in) {
        add(st, r, name + ".weight", out, in);
        add(st, r, 0.1, name + ".bias", out);
    }

    private static void addLayerNorm(RawSafetensors st, Random r, String name) {
        float[] g = new float[HIDDEN];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) (1 + 0.1 * r.nextGaussian());
        }
        st.f32(name + ".weight", new long[] {HIDDEN}, g);
        add(st, r, 0.1, name + ".bias", HIDDEN);
    }

    private static void add(RawSafetensors st, Random r, String name, int... shape) {
        add(st, r, 0.3, name, shape);
    }

    private static void add(RawSafetensors st, Random r, double std, String name, int... shape) {
        int n = 1;
        long[] s = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            n *= shape[i];
            s[i] = shape[i];
        }
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) (r.nextGaussian() * std);
        }
        st.f32(name, s, d);
    }

    static List<String> vocabulary(int size) {
        List<String> v = new ArrayList<>();
        v.add("[PAD]");
        for (int i = 1; i < size; i++) {
            v.add("w" + i);
        }
        return v;
    }

    /** Writes config.json, model.safetensors and vocab.txt of a fine-tuned token classifier. */
    static Path tokenClassifier(Path dir, String act) throws IOException {
        return write(dir, config(act, LABELS), weights(11, LABELS.size(), false, true));
    }

    static Path write(Path dir, JsonObject config, RawSafetensors weights) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), config.toString());
        weights.write(dir.resolve("model.safetensors"));
        Files.write(dir.resolve("vocab.txt"), vocabulary(config.get("vocab_size").getAsInt()));
        return dir;
    }

    static int[][] randomIds(Random r, int b, int s) {
        int[][] ids = new int[b][s];
        for (int[] row : ids) {
            for (int j = 0; j < s; j++) {
                row[j] = 1 + r.nextInt(VOCAB - 1);
            }
        }
        return ids;
    }

    static int[][] mask(int s, int... lengths) {
        int[][] m = new int[lengths.length][s];
        for (int i = 0; i < lengths.length; i++) {
            for (int j = 0; j < lengths[i]; j++) {
                m[i][j] = 1;
            }
        }
        return m;
    }
}
