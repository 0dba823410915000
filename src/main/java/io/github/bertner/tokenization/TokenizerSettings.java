package io.github.bertner.tokenization;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The normalisation settings of a BERT tokenizer, as stored in HuggingFace's
 * {@code tokenizer_config.json}.
 *
 * @param doLowerCase          lower-case the text (an "uncased" model)
 * @param stripAccents         remove accents (NFD, then drop non-spacing marks); {@code null}
 *                             means "follow {@code doLowerCase}", exactly as HF does
 * @param tokenizeChineseChars split every CJK ideograph into its own token
 * @param modelMaxLength       longest sequence the model accepts, in pieces including [CLS] and
 *                             [SEP]; {@link Integer#MAX_VALUE} when the config gives no usable
 *                             limit (HF writes 1e30 then)
 * @param neverSplit           whitespace-delimited strings kept whole, neither lower-cased nor
 *                             split on punctuation (HF's {@code never_split})
 */
public record TokenizerSettings(boolean doLowerCase, Boolean stripAccents, boolean tokenizeChineseChars,
                                int modelMaxLength, Set<String> neverSplit) {

    /** File name HF uses for these settings. */
    public static final String FILE_NAME = "tokenizer_config.json";

    /** BERT's usual position limit. */
    public static final int DEFAULT_MODEL_MAX_LENGTH = 512;

    /**
     * Validates and freezes the settings.
     *
     * @param doLowerCase          lower-case the text
     * @param stripAccents         remove accents, or null to follow doLowerCase
     * @param tokenizeChineseChars split CJK ideographs
     * @param modelMaxLength       sequence limit, positive
     * @param neverSplit           strings kept whole; null means none
     */
    public TokenizerSettings {
        if (modelMaxLength < 3) {
            throw new IllegalArgumentException("expected model_max_length >= 3 (room for [CLS] x [SEP]), found "
                    + modelMaxLength);
        }
        neverSplit = neverSplit == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(neverSplit));
    }

    /**
     * Settings of a cased model (bert-base-cased): no lower-casing, no accent stripping.
     *
     * @return cased settings with max length 512
     */
    public static TokenizerSettings cased() {
        return new TokenizerSettings(false, null, true, DEFAULT_MODEL_MAX_LENGTH, Set.of());
    }

    /**
     * Settings of an uncased model (bert-base-uncased): lower-casing and accent stripping.
     *
     * @return uncased settings with max length 512
     */
    public static TokenizerSettings uncased() {
        return new TokenizerSettings(true, null, true, DEFAULT_MODEL_MAX_LENGTH, Set.of());
    }

    /**
     * Whether accents are actually stripped: {@code stripAccents} if given, else {@code doLowerCase}.
     *
     * @return true when NFD accent stripping applies
     */
    public boolean effectiveStripAccents() {
        return stripAccents != null ? stripAccents : doLowerCase;
    }

    /**
     * Reads {@code tokenizer_config.json}. Missing keys take HF's BertTokenizer defaults
     * (do_lower_case true, strip_accents null, tokenize_chinese_chars true, model_max_length
     * unlimited); unknown keys are ignored because HF stores many unrelated ones there.
     *
     * @param file the JSON file
     * @return the settings
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the file and key when a value has the wrong type
     */
    public static TokenizerSettings read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Parses the text of a {@code tokenizer_config.json}, with the defaults of {@link #read(Path)}.
     *
     * @param text   the JSON text
     * @param source what the text is (a file name), named in error messages
     * @return the settings
     * @throws IllegalArgumentException naming the source and key when a value has the wrong type
     */
    public static TokenizerSettings parse(String text, String source) {
        String file = source;
        JsonObject json;
        try {
            JsonElement root = JsonParser.parseString(text);
            if (!root.isJsonObject()) {
                throw new IllegalArgumentException(file + ": expected a JSON object, found " + root);
            }
            json = root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + ": expected JSON, found a syntax error: " + e.getMessage(), e);
        }
        boolean lower = bool(json, "do_lower_case", true, file);
        Boolean strip = json.has("strip_accents") && !json.get("strip_accents").isJsonNull()
                ? bool(json, "strip_accents", false, file) : null;
        boolean chinese = bool(json, "tokenize_chinese_chars", true, file);
        int maxLength = Integer.MAX_VALUE;
        JsonElement max = json.get("model_max_length");
        if (max != null && !max.isJsonNull()) {
            if (!max.isJsonPrimitive() || !max.getAsJsonPrimitive().isNumber()) {
                throw new IllegalArgumentException(file + ": expected a number for model_max_length, found " + max);
            }
            BigDecimal value = max.getAsBigDecimal();
            maxLength = value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) >= 0
                    ? Integer.MAX_VALUE : value.intValue();
        }
        Set<String> never = new LinkedHashSet<>();
        JsonElement neverJson = json.get("never_split");
        if (neverJson != null && !neverJson.isJsonNull()) {
            if (!neverJson.isJsonArray()) {
                throw new IllegalArgumentException(file + ": expected an array for never_split, found " + neverJson);
            }
            for (JsonElement e : neverJson.getAsJsonArray()) {
                if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                    throw new IllegalArgumentException(file + ": expected strings in never_split, found " + e);
                }
                never.add(e.getAsString());
            }
        }
        return new TokenizerSettings(lower, strip, chinese, maxLength, never);
    }

    private static boolean bool(JsonObject json, String key, boolean dflt, Object file) {
        JsonElement e = json.get(key);
        if (e == null || e.isJsonNull()) {
            return dflt;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new IllegalArgumentException(file + ": expected true or false for " + key + ", found " + e);
        }
        return e.getAsBoolean();
    }

    /**
     * Writes {@code tokenizer_config.json} in the layout HF's {@code BertTokenizer} reads back
     * (including tokenizer_class and the special tokens).
     *
     * @param file the target file; parent directories are created
     * @throws IOException if writing fails
     */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writer.write(toJson());
        }
    }

    /**
     * The text of {@code tokenizer_config.json} for these settings, as {@link #write(Path)} writes it.
     *
     * @return pretty-printed JSON ending in a newline
     */
    public String toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("tokenizer_class", "BertTokenizer");
        json.addProperty("do_lower_case", doLowerCase);
        json.add("strip_accents", stripAccents == null ? JsonNull.INSTANCE : new JsonPrimitive(stripAccents));
        json.addProperty("tokenize_chinese_chars", tokenizeChineseChars);
        if (modelMaxLength != Integer.MAX_VALUE) {
            json.addProperty("model_max_length", modelMaxLength);
        }
        if (!neverSplit.isEmpty()) {
            JsonArray never = new JsonArray();
            neverSplit.forEach(never::add);
            json.add("never_split", never);
        }
        json.addProperty("unk_token", WordPieceVocab.UNK);
        json.addProperty("sep_token", WordPieceVocab.SEP);
        json.addProperty("pad_token", WordPieceVocab.PAD);
        json.addProperty("cls_token", WordPieceVocab.CLS);
        json.addProperty("mask_token", WordPieceVocab.MASK);
        Gson gson = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();
        return gson.toJson(json) + "\n";
    }
}
