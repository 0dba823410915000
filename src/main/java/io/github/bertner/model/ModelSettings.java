package io.github.bertner.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.bertner.tagging.TagScheme;
import io.github.bertner.tokenization.BertWordPieceTokenizer;
import io.github.bertner.tokenization.LabelAlignment;
import io.github.bertner.tokenization.LabelSet;
import io.github.bertner.tokenization.SequenceEncoder;
import io.github.bertner.tokenization.TokenizerSettings;
import io.github.bertner.tokenization.WordPieceVocab;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a model folder says about how to feed and decode its classifier, beyond the weights and
 * labels: the one reader and writer of the {@code bertner} settings in {@code config.json} (the only
 * place that knows their keys and defaults) and of the tokenizer settings in {@code tokenizer_config.json}.
 * The trainer writes a complete record; a folder written before a key existed (or a foreign Hugging Face
 * folder) reads with the defaults below, which are what the trainer used when it did not yet save the key.
 *
 * @param tagScheme      tag scheme of the labels; default {@link TagScheme#IOB2}
 * @param labelAlignment how word tags map onto pieces in training; default {@link LabelAlignment#FIRST}
 * @param maxLength      window length in pieces, [CLS] and [SEP] included; default {@value #DEFAULT_MAX_LENGTH}
 *                       (capped at the model's position limit)
 * @param stride         most pieces shared by consecutive windows; default {@link #defaultStride(int)}
 * @param context        the unit of one word sequence; default {@link SequenceContext#SENTENCE}
 * @param tokenizer      the tokenizer's normalisation; default HF's BertTokenizer defaults (uncased) when the
 *                       folder has no tokenizer_config.json
 */
public record ModelSettings(TagScheme tagScheme, LabelAlignment labelAlignment, int maxLength, int stride,
                            SequenceContext context, TokenizerSettings tokenizer) {

    /** Window length used when a folder does not say. */
    public static final int DEFAULT_MAX_LENGTH = 128;
    /** Longest stride used when a folder does not say (a quarter window for shorter windows). */
    public static final int DEFAULT_MAX_STRIDE = 32;

    private static final String TAG_SCHEME = "tag_scheme";
    private static final String LABEL_ALIGNMENT = "label_alignment";
    private static final String MAX_LENGTH = "max_length";
    private static final String STRIDE = "stride";
    private static final String CONTEXT = "context";

    private static final Logger LOG = LoggerFactory.getLogger(ModelSettings.class);

    /** Validates; messages name the setting. */
    public ModelSettings {
        Objects.requireNonNull(tagScheme, "tagScheme");
        Objects.requireNonNull(labelAlignment, "labelAlignment");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(tokenizer, "tokenizer");
        if (maxLength < 3 || maxLength > tokenizer.modelMaxLength()) {
            throw new IllegalArgumentException("bertner." + MAX_LENGTH + ": expected a window length in [3, "
                    + tokenizer.modelMaxLength() + "] (room for [CLS] x [SEP], model_max_length), found " + maxLength);
        }
        if (stride < 0 || stride >= maxLength - 2) {
            throw new IllegalArgumentException("bertner." + STRIDE + ": expected a stride in [0, " + (maxLength - 2)
                    + ") for window length " + maxLength + ", found " + stride);
        }
    }

    /**
     * The settings a trainer uses when told nothing: IOB2, FIRST alignment, 128-piece windows with the
     * default stride, sentence context.
     *
     * @param tokenizer the tokenizer settings of the model
     * @return the defaults
     */
    public static ModelSettings defaults(TokenizerSettings tokenizer) {
        int maxLength = Math.min(DEFAULT_MAX_LENGTH, tokenizer.modelMaxLength());
        return new ModelSettings(TagScheme.IOB2, LabelAlignment.FIRST, maxLength, defaultStride(maxLength),
                SequenceContext.SENTENCE, tokenizer);
    }

    /**
     * The stride used for a window length when none is given: a quarter of the window, at most
     * {@value #DEFAULT_MAX_STRIDE} (what the trainer always used before the stride was saved).
     *
     * @param maxLength window length in pieces
     * @return the stride
     */
    public static int defaultStride(int maxLength) {
        return Math.min(DEFAULT_MAX_STRIDE, maxLength / 4);
    }

    /**
     * Reads the settings of a loaded model (its config.json {@code bertner} object and tokenizer_config.json).
     *
     * @param model  the model
     * @param source the folder the model came from, named in error messages
     * @return the settings, defaults filled in
     * @throws IllegalArgumentException naming the file, key and value when a setting is invalid
     */
    public static ModelSettings read(TokenClassifierModel model, String source) {
        return read(model.config(), model.tokenizerConfig(), source);
    }

    /**
     * Reads the settings of a model folder without loading its weights: config.json, and the tokenizer settings
     * of tokenizer_config.json or, in a folder with only an HF fast tokenizer, of tokenizer.json.
     *
     * @param dir the model folder
     * @return the settings, defaults filled in
     * @throws java.io.IOException when a file cannot be read or is not valid
     */
    public static ModelSettings read(java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path tok = dir.resolve(HfCheckpoint.TOKENIZER_CONFIG_FILE);
        java.nio.file.Path fast = dir.resolve(io.github.bertner.importer.TokenizerJson.FILE_NAME);
        Optional<String> tokenizerJson = java.nio.file.Files.isRegularFile(tok)
                ? Optional.of(java.nio.file.Files.readString(tok, java.nio.charset.StandardCharsets.UTF_8))
                : java.nio.file.Files.isRegularFile(fast)
                ? Optional.of(io.github.bertner.importer.TokenizerJson.read(fast).tokenizerConfigJson())
                : Optional.empty();
        return read(HfCheckpoint.readConfig(dir), tokenizerJson, dir.toString());
    }

    /**
     * Reads settings from a config and the text of tokenizer_config.json.
     *
     * @param config        the model's config
     * @param tokenizerJson the text of tokenizer_config.json, when the folder has one
     * @param source        the folder, named in error messages
     * @return the settings, defaults filled in
     * @throws IllegalArgumentException naming the file, key and value when a setting is invalid
     */
    public static ModelSettings read(BertConfig config, Optional<String> tokenizerJson, String source) {
        String where = source + "/" + HfCheckpoint.CONFIG_FILE + ": " + BertConfig.BERTNER_KEY + ".";
        TokenizerSettings tokenizer;
        if (tokenizerJson.isPresent()) {
            tokenizer = TokenizerSettings.parse(tokenizerJson.get(), source + "/" + TokenizerSettings.FILE_NAME);
        } else {
            LOG.warn("{} has no {}; using HF's BertTokenizer defaults (do_lower_case=true)", source,
                    TokenizerSettings.FILE_NAME);
            tokenizer = new TokenizerSettings(true, null, true, Integer.MAX_VALUE, null);
        }
        // the position table bounds the window as much as the tokenizer does
        int limit = Math.min(tokenizer.modelMaxLength(), config.maxPositionEmbeddings());
        JsonObject bertner = config.bertner();
        TagScheme scheme = text(bertner, TAG_SCHEME, where).map(v -> {
            try {
                return TagScheme.parse(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + TAG_SCHEME + ": " + e.getMessage(), e);
            }
        }).orElse(TagScheme.IOB2);
        LabelAlignment alignment = text(bertner, LABEL_ALIGNMENT, where)
                .map(v -> constant(LabelAlignment.class, v, where + LABEL_ALIGNMENT)).orElse(LabelAlignment.FIRST);
        int maxLength = integer(bertner, MAX_LENGTH, where).orElse(Math.min(DEFAULT_MAX_LENGTH, limit));
        if (maxLength > limit) {
            throw new IllegalArgumentException(where + MAX_LENGTH + ": expected at most " + limit
                    + " (model_max_length / max_position_embeddings), found " + maxLength);
        }
        int stride = integer(bertner, STRIDE, where).orElse(defaultStride(maxLength));
        SequenceContext context = text(bertner, CONTEXT, where)
                .map(v -> constant(SequenceContext.class, v, where + CONTEXT)).orElse(SequenceContext.SENTENCE);
        try {
            return new ModelSettings(scheme, alignment, maxLength, stride, context, tokenizer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + "/" + HfCheckpoint.CONFIG_FILE + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stores every setting in the model, so that its next {@link TokenClassifierModel#save} writes them all
     * (config.json {@code bertner} object and tokenizer_config.json).
     *
     * @param model the model
     * @throws IllegalArgumentException when the window does not fit the model's position table
     */
    public void writeTo(TokenClassifierModel model) {
        if (maxLength > model.config().maxPositionEmbeddings()) {
            throw new IllegalArgumentException("bertner." + MAX_LENGTH + ": expected at most max_position_embeddings = "
                    + model.config().maxPositionEmbeddings() + ", found " + maxLength);
        }
        model.putBertnerSetting(TAG_SCHEME, tagScheme.name());
        model.putBertnerSetting(LABEL_ALIGNMENT, labelAlignment.name());
        model.putBertnerSetting(MAX_LENGTH, Integer.toString(maxLength));
        model.putBertnerSetting(STRIDE, Integer.toString(stride));
        model.putBertnerSetting(CONTEXT, context.name());
        model.setTokenizerConfig(tokenizer.toJson());
    }

    /**
     * These settings with another window.
     *
     * @param newMaxLength window length in pieces
     * @param newStride    pieces shared by consecutive windows
     * @return the copy
     */
    public ModelSettings withWindow(int newMaxLength, int newStride) {
        return new ModelSettings(tagScheme, labelAlignment, newMaxLength, newStride, context, tokenizer);
    }

    /**
     * These settings with another tag scheme and alignment.
     *
     * @param newScheme    tag scheme
     * @param newAlignment label alignment
     * @return the copy
     */
    public ModelSettings withLabels(TagScheme newScheme, LabelAlignment newAlignment) {
        return new ModelSettings(newScheme, newAlignment, maxLength, stride, context, tokenizer);
    }

    /**
     * These settings with another sequence context.
     *
     * @param newContext the unit of one word sequence
     * @return the copy
     */
    public ModelSettings withContext(SequenceContext newContext) {
        return new ModelSettings(tagScheme, labelAlignment, maxLength, stride, newContext, tokenizer);
    }

    /**
     * The tokenizer of a model: its vocabulary with these settings.
     *
     * @param model a model with a vocabulary
     * @return the tokenizer
     * @throws IllegalArgumentException when the model has no vocabulary
     */
    public BertWordPieceTokenizer tokenizerFor(TokenClassifierModel model) {
        List<String> pieces = model.vocabulary().orElseThrow(
                () -> new IllegalArgumentException("expected a model with a vocabulary (vocab.txt), found none"));
        return new BertWordPieceTokenizer(WordPieceVocab.of(pieces), tokenizer);
    }

    /**
     * The word-piece encoder these settings describe.
     *
     * @param wordPieces the tokenizer (from {@link #tokenizerFor})
     * @param labels     the model's labels
     * @return the encoder
     */
    public SequenceEncoder encoder(BertWordPieceTokenizer wordPieces, LabelSet labels) {
        return SequenceEncoder.builder().setTokenizer(wordPieces).setLabelSet(labels).setAlignment(labelAlignment)
                .setMaxLength(maxLength).setStride(stride).build();
    }

    private static Optional<String> text(JsonObject bertner, String key, String where) {
        JsonElement e = bertner.get(key);
        if (e == null || e.isJsonNull()) {
            return Optional.empty();
        }
        if (!e.isJsonPrimitive()) {
            throw new IllegalArgumentException(where + key + ": expected a string, found " + e);
        }
        return Optional.of(e.getAsString().trim());
    }

    private static Optional<Integer> integer(JsonObject bertner, String key, String where) {
        return text(bertner, key, where).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(where + key + ": expected an integer, found '" + v + "'", ex);
            }
        });
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String value, String where) {
        for (E c : type.getEnumConstants()) {
            if (c.name().equalsIgnoreCase(value)) {
                return c;
            }
        }
        throw new IllegalArgumentException(where + ": expected one of " + java.util.Arrays.toString(type.getEnumConstants())
                + ", found '" + value + "'");
    }

    /** @return a one-line summary for logs */
    public String describe() {
        return String.format(Locale.ROOT, "scheme %s, alignment %s, window %d, stride %d, context %s",
                tagScheme, labelAlignment, maxLength, stride, context);
    }
}
