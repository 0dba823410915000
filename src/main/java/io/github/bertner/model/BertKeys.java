package io.github.bertner.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Hugging Face checkpoint keys of a BERT encoder and its token-classification head, for code that
 * works on tensor maps and files without building the DJL block tree (the ONNX importer and exporter,
 * the distillation student's layer copy).
 *
 * <p>The blocks themselves ({@link BertModel}, {@link BertEncoder}, {@link BertLayer}, …) derive their
 * names from their path, see {@link HfModule}; this class spells the same names once more as plain strings
 * so that file-level code need not construct a model to know them. {@code BertKeysTest} pins every list here
 * to the block tree, so renaming or re-nesting a block fails there rather than producing checkpoints that
 * the blocks cannot load. Outside this class and the blocks, no code should write a key by hand.
 *
 * <p>Unless a name says otherwise it is relative to {@link BertModel}: a model with a head (a
 * {@code BertFor*} checkpoint) puts {@link #BERT} in front of the encoder's keys, not of its head's.
 */
public final class BertKeys {

    /** The prefix of the encoder's keys in a model with a head ({@code BertForTokenClassification}). */
    public static final String BERT = "bert.";

    /** The prefix of every embedding tensor ({@link BertEmbeddings}). */
    public static final String EMBEDDINGS = "embeddings.";
    /** Word-embedding table, (vocab, hidden); also the tied masked-LM decoder. */
    public static final String WORD_EMBEDDINGS = EMBEDDINGS + "word_embeddings.weight";
    /** Absolute position embeddings, (max positions, hidden). */
    public static final String POSITION_EMBEDDINGS = EMBEDDINGS + "position_embeddings.weight";
    /** Token-type (segment) embeddings, (type vocab, hidden). */
    public static final String TOKEN_TYPE_EMBEDDINGS = EMBEDDINGS + "token_type_embeddings.weight";
    /** The embeddings' LayerNorm module; its tensors are this plus {@code .weight} and {@code .bias}. */
    public static final String EMBEDDINGS_LAYER_NORM = EMBEDDINGS + "LayerNorm";
    /**
     * A buffer (not a parameter) that some exports and old checkpoints carry: the position indices
     * 0..max-1, which the blocks compute instead of reading.
     */
    public static final String POSITION_IDS = EMBEDDINGS + "position_ids";
    /** The embedding tensors in checkpoint order, as {@link BertEmbeddings} declares them. */
    public static final List<String> EMBEDDING_TENSORS = List.of(WORD_EMBEDDINGS, POSITION_EMBEDDINGS,
            TOKEN_TYPE_EMBEDDINGS, EMBEDDINGS_LAYER_NORM + ".weight", EMBEDDINGS_LAYER_NORM + ".bias");

    /**
     * The prefix of HF's pooler ({@code pooler.dense.*}); token classification never computes with it, so
     * the blocks keep it as plain tensors and file-level code may drop it.
     */
    public static final String POOLER = "pooler.";

    /** {@link BertModel}'s child {@code encoder}, the prefix of every layer key. */
    public static final String ENCODER = "encoder.";

    /** The masked-LM head of a {@code BertForMaskedLM} ({@code cls.predictions.*}), at the model's root. */
    public static final String MLM_HEAD = "cls.predictions.";
    /** The output bias of the masked-LM head, (vocab). */
    public static final String MLM_BIAS = MLM_HEAD + "bias";
    /** The decoder's weight, (vocab, hidden); tied to {@link #WORD_EMBEDDINGS}, so most checkpoints omit it. */
    public static final String MLM_DECODER_WEIGHT = MLM_HEAD + "decoder.weight";
    /** Where some checkpoints keep {@link #MLM_BIAS} instead (the same tensor, tied in HF). */
    public static final String MLM_DECODER_BIAS = MLM_HEAD + "decoder.bias";

    /** The token-classification head's Linear, at the root of a {@code BertForTokenClassification}. */
    public static final String CLASSIFIER = "classifier";
    /** The head's weight, (labels, hidden). */
    public static final String CLASSIFIER_WEIGHT = CLASSIFIER + ".weight";
    /** The head's bias, (labels). */
    public static final String CLASSIFIER_BIAS = CLASSIFIER + ".bias";

    /** {@link BertModel}'s child {@code encoder} and, in it, the {@code nn.ModuleList} {@code layer}. */
    private static final String LAYERS = ENCODER + "layer.";
    /** A layer key with or without the head models' prefix; built from the constants so it cannot drift. */
    private static final Pattern LAYER_KEY = Pattern.compile(
            "^(" + Pattern.quote(BERT) + ")?" + Pattern.quote(LAYERS) + "(\\d+)\\.(.+)$");

    /**
     * The modules with parameters inside one {@link BertLayer}, in checkpoint order. Each has a
     * {@code weight} and a {@code bias}: the Linears' (out, in) and (out), the LayerNorms' gamma and beta
     * under HF's names.
     */
    public enum LayerModule {
        /** {@link BertSelfAttention}'s query projection, (hidden, hidden). */
        QUERY("attention.self.query"),
        /** {@link BertSelfAttention}'s key projection, (hidden, hidden). */
        KEY("attention.self.key"),
        /** {@link BertSelfAttention}'s value projection, (hidden, hidden). */
        VALUE("attention.self.value"),
        /** {@link BertSelfOutput}'s projection of the attention context, (hidden, hidden). */
        ATTENTION_OUTPUT_DENSE("attention.output.dense"),
        /** {@link BertSelfOutput}'s LayerNorm after the attention residual, (hidden). */
        ATTENTION_OUTPUT_LAYER_NORM("attention.output.LayerNorm"),
        /** {@link BertIntermediate}'s up-projection, (intermediate, hidden). */
        INTERMEDIATE_DENSE("intermediate.dense"),
        /** {@link BertOutput}'s down-projection, (hidden, intermediate). */
        OUTPUT_DENSE("output.dense"),
        /** {@link BertOutput}'s LayerNorm after the feed-forward residual, (hidden). */
        OUTPUT_LAYER_NORM("output.LayerNorm");

        private final String path;

        LayerModule(String path) {
            this.path = path;
        }

        /**
         * The module's path inside its layer.
         *
         * @return for example {@code "attention.self.query"}
         */
        public String path() {
            return path;
        }

        /**
         * The module's path in the encoder.
         *
         * @param layer 0-based layer index
         * @return for example {@code "encoder.layer.3.attention.self.query"}
         */
        public String in(int layer) {
            return layer(layer) + path;
        }

        /**
         * The weight's name inside its layer.
         *
         * @return for example {@code "attention.self.query.weight"}
         */
        public String weight() {
            return path + ".weight";
        }

        /**
         * The bias's name inside its layer.
         *
         * @return for example {@code "attention.self.query.bias"}
         */
        public String bias() {
            return path + ".bias";
        }

        /**
         * Whether this is a LayerNorm (weight and bias of size hidden) rather than a Linear.
         *
         * @return true for the two LayerNorms
         */
        public boolean isLayerNorm() {
            return this == ATTENTION_OUTPUT_LAYER_NORM || this == OUTPUT_LAYER_NORM;
        }
    }

    /** The names of one layer's tensors relative to the layer, in checkpoint order. */
    public static final List<String> LAYER_TENSORS = layerTensors();

    private BertKeys() {
    }

    private static List<String> layerTensors() {
        List<String> out = new ArrayList<>();
        for (LayerModule m : LayerModule.values()) {
            out.add(m.weight());
            out.add(m.bias());
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The prefix of one encoder layer's keys.
     *
     * @param i 0-based layer index
     * @return {@code "encoder.layer.i."}
     */
    public static String layer(int i) {
        if (i < 0) {
            throw new IllegalArgumentException("layer index must not be negative, found " + i);
        }
        return LAYERS + i + ".";
    }

    /**
     * A human-readable pattern of the layer keys, for messages about what was expected.
     *
     * @return {@code "encoder.layer.N"}
     */
    public static String layerPattern() {
        return LAYERS + "N";
    }

    /**
     * Splits a key of an encoder layer's tensor.
     *
     * @param key a checkpoint key, with or without {@link #BERT}
     * @return the parts, or empty when the key is not of the form {@code [bert.]encoder.layer.N.rest}
     * @throws NumberFormatException when N does not fit an int
     */
    public static Optional<LayerKey> parseLayer(String key) {
        Matcher m = LAYER_KEY.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new LayerKey(m.group(1) == null ? "" : m.group(1), Integer.parseInt(m.group(2)),
                m.group(3)));
    }

    /**
     * A parsed layer key: {@code prefix + layer(index) + rest}.
     *
     * @param prefix {@link #BERT} or {@code ""}
     * @param index  0-based layer index
     * @param rest   the name inside the layer, for example {@code "output.dense.bias"} (not necessarily one of
     *               {@link #LAYER_TENSORS}: the parser accepts whatever a checkpoint holds)
     */
    public record LayerKey(String prefix, int index, String rest) {

        /**
         * The key this was parsed from.
         *
         * @return {@code prefix + layer(index) + rest}
         */
        public String key() {
            return prefix + layer(index) + rest;
        }

        /**
         * The same tensor in another layer, keeping the prefix: how a student renumbers the layers it keeps.
         *
         * @param newIndex 0-based layer index
         * @return {@code prefix + layer(newIndex) + rest}
         */
        public String inLayer(int newIndex) {
            return prefix + layer(newIndex) + rest;
        }
    }
}
