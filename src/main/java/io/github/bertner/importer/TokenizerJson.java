package io.github.bertner.importer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.bertner.model.CheckpointException;
import io.github.bertner.tokenization.BertWordPieceTokenizer;
import io.github.bertner.tokenization.TokenizerSettings;
import io.github.bertner.tokenization.WordPieceVocab;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Hugging Face fast-tokenizer file ({@code tokenizer.json}) of a BERT WordPiece tokenizer
 * into a vocabulary in id order and the {@link TokenizerSettings} that make
 * {@link BertWordPieceTokenizer} produce the same pieces.
 *
 * <p>Accepted, component by component (anything else is refused with a
 * {@link CheckpointException} naming the file, the component and what was found):
 * <ul>
 *   <li>{@code model}: type {@code WordPiece} with {@code unk_token} {@value WordPieceVocab#UNK},
 *       {@code continuing_subword_prefix} {@code ##} and {@code max_input_chars_per_word}
 *       {@value BertWordPieceTokenizer#MAX_INPUT_CHARS_PER_WORD} (the values our tokenizer
 *       implements); {@code vocab} must give the ids 0..n-1 exactly once each. BPE (GPT-2,
 *       RoBERTa), Unigram (SentencePiece, XLM-R, ALBERT) and WordLevel models are refused.</li>
 *   <li>{@code normalizer}: a {@code BertNormalizer}, alone or as the only member of a
 *       {@code Sequence}; {@code lowercase}, {@code strip_accents} (null: follow lowercase, as both
 *       HF implementations do) and {@code handle_chinese_chars} become the settings. Our tokenizer
 *       always cleans control characters, so {@code clean_text: false} is refused.</li>
 *   <li>{@code pre_tokenizer}: {@code BertPreTokenizer}, alone or the only member of a
 *       {@code Sequence}; ByteLevel, Metaspace and the like are refused.</li>
 *   <li>{@code post_processor}: {@code BertProcessing}, or {@code TemplateProcessing} whose single
 *       template is {@code [CLS] $A [SEP]}; the special tokens' ids must be their vocabulary ids.
 *       {@code RobertaProcessing} and other templates are refused.</li>
 *   <li>{@code added_tokens}: each must either be in the vocabulary with the same id or take the
 *       next free id (it is then appended, as HF does). Added tokens other than the five BERT
 *       special tokens become {@link TokenizerSettings#neverSplit()} entries, the closest our
 *       word-level tokenizer comes to HF's whole-token matching.</li>
 *   <li>{@code truncation}: its {@code max_length} becomes {@link TokenizerSettings#modelMaxLength()};
 *       without truncation there is no limit beyond the model's position embeddings.
 *       {@code padding}: only checked (its pad token must be {@value WordPieceVocab#PAD} with
 *       its vocabulary id), since batches are padded by the sequence encoder.</li>
 *   <li>{@code decoder} is ignored: nothing is decoded back to text.</li>
 * </ul>
 *
 * <p>Instances of {@link Result} are immutable.
 */
public final class TokenizerJson {
    /** File name HF uses for a fast tokenizer. */
    public static final String FILE_NAME = "tokenizer.json";

    private static final Logger LOG = LoggerFactory.getLogger(TokenizerJson.class);
    private static final List<String> SPECIALS = List.of(WordPieceVocab.PAD, WordPieceVocab.UNK,
            WordPieceVocab.CLS, WordPieceVocab.SEP, WordPieceVocab.MASK);

    private TokenizerJson() {
    }

    /**
     * What a {@code tokenizer.json} defines, in the terms of this project.
     *
     * @param vocabulary the pieces in id order (added tokens appended), valid for {@link WordPieceVocab#of}
     * @param settings the normalisation settings
     */
    public record Result(List<String> vocabulary, TokenizerSettings settings) {
        /**
         * Freezes the vocabulary.
         *
         * @param vocabulary the pieces in id order
         * @param settings the settings
         */
        public Result {
            vocabulary = List.copyOf(vocabulary);
            Objects.requireNonNull(settings, "settings");
        }

        /**
         * Builds the tokenizer these contents describe.
         *
         * @return the tokenizer
         */
        public BertWordPieceTokenizer tokenizer() {
            return new BertWordPieceTokenizer(WordPieceVocab.of(vocabulary), settings);
        }

        /**
         * Writes {@code vocab.txt} and {@code tokenizer_config.json} into a folder, the pair the
         * rest of the project (and HF's {@code BertTokenizer}) reads.
         *
         * @param dir the folder; created when missing
         * @throws IOException when writing fails
         */
        public void writeTo(Path dir) throws IOException {
            tokenizer().save(dir);
        }

        /**
         * The text of the {@code tokenizer_config.json} that holds these settings, as
         * {@link TokenizerSettings#write(Path)} writes it.
         *
         * @return the JSON text
         * @throws IOException when the temporary file cannot be written or read
         */
        public String tokenizerConfigJson() throws IOException {
            Path tmp = Files.createTempFile("bertner-tokenizer", ".json");
            try {
                settings.write(tmp);
                return Files.readString(tmp, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Reads a {@code tokenizer.json} file.
     *
     * @param file the file
     * @return vocabulary and settings
     * @throws CheckpointException naming the file when it is not JSON, not a BERT WordPiece
     *     tokenizer, or inconsistent (ids, special tokens)
     * @throws IOException when the file cannot be read
     */
    public static Result read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads a {@code tokenizer.json} from a stream (for example an entry of a jar).
     *
     * @param in the UTF-8 JSON; not closed
     * @param source file or entry name used in messages
     * @return vocabulary and settings
     * @throws CheckpointException naming {@code source} when the content is refused
     * @throws IOException when the stream cannot be read
     */
    public static Result read(InputStream in, String source) throws IOException {
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        JsonElement root;
        try {
            root = JsonParser.parseReader(reader);
        } catch (JsonParseException e) {
            if (e.getCause() instanceof IOException io && !(io instanceof java.io.EOFException)) {
                throw new CheckpointException(source + ": cannot read: " + io.getMessage(), io);
            }
            throw new CheckpointException(source + ": expected JSON, found a syntax error: " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) {
            throw new CheckpointException(source + ": expected a JSON object, found " + brief(root));
        }
        return new Parser(source, root.getAsJsonObject()).parse();
    }

    /** Parsing state for one file; every message starts with the source name. */
    private static final class Parser {
        private final String source;
        private final JsonObject root;

        Parser(String source, JsonObject root) {
            this.source = source;
            this.root = root;
        }

        Result parse() throws CheckpointException {
            JsonObject model = object(root, "model", "model");
            String modelType = string(model, "type", "model.type", null);
            if (!"WordPiece".equals(modelType)) {
                throw refuse("model.type", "WordPiece", quoted(modelType) + modelHint(modelType));
            }
            expectString(model, "unk_token", WordPieceVocab.UNK, "model.unk_token");
            expectString(model, "continuing_subword_prefix", WordPieceVocab.CONTINUATION_PREFIX,
                    "model.continuing_subword_prefix");
            JsonElement maxChars = model.get("max_input_chars_per_word");
            if (maxChars != null && !maxChars.isJsonNull()
                    && !(isInt(maxChars) && maxChars.getAsInt() == BertWordPieceTokenizer.MAX_INPUT_CHARS_PER_WORD)) {
                throw refuse("model.max_input_chars_per_word",
                        Integer.toString(BertWordPieceTokenizer.MAX_INPUT_CHARS_PER_WORD), brief(maxChars));
            }
            List<String> vocabulary = vocabulary(object(model, "vocab", "model.vocab"));
            Set<String> neverSplit = addedTokens(vocabulary);
            for (String special : SPECIALS) {
                if (!vocabulary.contains(special)) {
                    throw new CheckpointException(String.format(Locale.ROOT,
                            "%s: expected the BERT special tokens %s in the vocabulary, %s is missing", source,
                            SPECIALS, special));
                }
            }
            Normalization norm = normalizer(root.get("normalizer"));
            preTokenizer(root.get("pre_tokenizer"));
            postProcessor(root.get("post_processor"), vocabulary);
            padding(root.get("padding"), vocabulary);
            int maxLength = truncation(root.get("truncation"));
            TokenizerSettings settings = new TokenizerSettings(norm.lowercase, norm.stripAccents, norm.chinese,
                    maxLength, neverSplit);
            LOG.debug("{}: WordPiece vocabulary of {}, {}", source, vocabulary.size(), settings);
            return new Result(vocabulary, settings);
        }

        private String modelHint(String type) {
            if ("BPE".equals(type)) {
                return " (a byte-pair-encoding tokenizer as in GPT-2/RoBERTa; only BERT WordPiece is supported)";
            }
            if ("Unigram".equals(type)) {
                return " (a SentencePiece Unigram tokenizer as in XLM-R/ALBERT/T5; only BERT WordPiece is supported)";
            }
            return "";
        }

        private List<String> vocabulary(JsonObject vocab) throws CheckpointException {
            String[] byId = new String[vocab.size()];
            for (Map.Entry<String, JsonElement> e : vocab.entrySet()) {
                JsonElement v = e.getValue();
                if (!isInt(v)) {
                    throw new CheckpointException(String.format(Locale.ROOT,
                            "%s: model.vocab[%s]: expected an integer id, found %s", source, quoted(e.getKey()),
                            brief(v)));
                }
                int id = v.getAsInt();
                if (id < 0 || id >= byId.length) {
                    throw new CheckpointException(String.format(Locale.ROOT,
                            "%s: model.vocab[%s]: expected an id in [0, %d) (one per entry), found %d", source,
                            quoted(e.getKey()), byId.length, id));
                }
                if (byId[id] != null) {
                    throw new CheckpointException(String.format(Locale.ROOT,
                            "%s: model.vocab: id %d is given to both %s and %s", source, id, quoted(byId[id]),
                            quoted(e.getKey())));
                }
                byId[id] = e.getKey();
            }
            // n entries with distinct ids in [0, n) cover every id, so there is no gap to check
            return new ArrayList<>(Arrays.asList(byId));
        }

        private Set<String> addedTokens(List<String> vocabulary) throws CheckpointException {
            Set<String> neverSplit = new LinkedHashSet<>();
            JsonElement added = root.get("added_tokens");
            if (added == null || added.isJsonNull()) {
                return neverSplit;
            }
            if (!added.isJsonArray()) {
                throw refuse("added_tokens", "an array", brief(added));
            }
            JsonArray list = added.getAsJsonArray();
            for (int i = 0; i < list.size(); i++) {
                String where = "added_tokens[" + i + "]";
                if (!list.get(i).isJsonObject()) {
                    throw refuse(where, "an object", brief(list.get(i)));
                }
                JsonObject t = list.get(i).getAsJsonObject();
                String content = string(t, "content", where + ".content", null);
                JsonElement idJson = t.get("id");
                if (!isInt(idJson)) {
                    throw refuse(where + ".id", "an integer", brief(idJson));
                }
                int id = idJson.getAsInt();
                int known = vocabulary.indexOf(content);
                if (known >= 0 && known != id) {
                    throw new CheckpointException(String.format(Locale.ROOT,
                            "%s: %s %s has id %d but model.vocab gives it id %d", source, where, quoted(content), id,
                            known));
                }
                if (known < 0) {
                    if (id != vocabulary.size()) {
                        throw new CheckpointException(String.format(Locale.ROOT,
                                "%s: %s %s is not in model.vocab; expected it to take the next id %d, found %d",
                                source, where, quoted(content), vocabulary.size(), id));
                    }
                    vocabulary.add(content);
                }
                if (!SPECIALS.contains(content)) {
                    neverSplit.add(content);
                }
            }
            return neverSplit;
        }

        private record Normalization(boolean lowercase, Boolean stripAccents, boolean chinese) {
        }

        private Normalization normalizer(JsonElement el) throws CheckpointException {
            JsonObject bert = single(el, "normalizer", "BertNormalizer");
            Boolean clean = optionalBool(bert, "clean_text", "normalizer.clean_text");
            if (Boolean.FALSE.equals(clean)) {
                throw refuse("normalizer.clean_text", "true (control characters are always removed here)", "false");
            }
            Boolean lower = optionalBool(bert, "lowercase", "normalizer.lowercase");
            Boolean chinese = optionalBool(bert, "handle_chinese_chars", "normalizer.handle_chinese_chars");
            Boolean strip = optionalBool(bert, "strip_accents", "normalizer.strip_accents");
            // the defaults of the Rust BertNormalizer
            return new Normalization(lower == null || lower, strip, chinese == null || chinese);
        }

        private void preTokenizer(JsonElement el) throws CheckpointException {
            single(el, "pre_tokenizer", "BertPreTokenizer");
        }

        /**
         * The one member of the expected type, given either alone or as the only member of a
         * {@code Sequence} (some exports wrap it).
         */
        private JsonObject single(JsonElement el, String what, String type) throws CheckpointException {
            if (el == null || el.isJsonNull()) {
                throw refuse(what, type, "none");
            }
            if (!el.isJsonObject()) {
                throw refuse(what, type, brief(el));
            }
            JsonObject o = el.getAsJsonObject();
            String found = string(o, "type", what + ".type", null);
            if (type.equals(found)) {
                return o;
            }
            if ("Sequence".equals(found)) {
                String key = what.equals("normalizer") ? "normalizers" : "pretokenizers";
                JsonElement members = o.get(key);
                if (members == null || !members.isJsonArray()) {
                    throw refuse(what + "." + key, "an array", brief(members));
                }
                List<String> types = new ArrayList<>();
                JsonObject match = null;
                for (JsonElement m : members.getAsJsonArray()) {
                    String t = m.isJsonObject() && m.getAsJsonObject().has("type")
                            ? m.getAsJsonObject().get("type").getAsString() : brief(m);
                    types.add(t);
                    if (type.equals(t)) {
                        match = m.getAsJsonObject();
                    }
                }
                if (match != null && types.size() == 1) {
                    return match;
                }
                throw refuse(what, type + " (alone or as the only member of a Sequence)",
                        "a Sequence of " + types);
            }
            throw refuse(what, type, quoted(found));
        }

        private void postProcessor(JsonElement el, List<String> vocabulary) throws CheckpointException {
            if (el == null || el.isJsonNull()) {
                throw refuse("post_processor", "BertProcessing or TemplateProcessing adding [CLS] and [SEP]", "none");
            }
            if (!el.isJsonObject()) {
                throw refuse("post_processor", "an object", brief(el));
            }
            JsonObject o = el.getAsJsonObject();
            String type = string(o, "type", "post_processor.type", null);
            switch (type) {
                case "BertProcessing" -> {
                    checkPair(o, "cls", WordPieceVocab.CLS, vocabulary);
                    checkPair(o, "sep", WordPieceVocab.SEP, vocabulary);
                }
                case "TemplateProcessing" -> checkTemplate(o, vocabulary);
                default -> throw refuse("post_processor.type", "BertProcessing or TemplateProcessing",
                        quoted(type) + ("RobertaProcessing".equals(type) ? " (RoBERTa's <s> ... </s> layout)" : ""));
            }
        }

        private void checkPair(JsonObject o, String key, String token, List<String> vocabulary)
                throws CheckpointException {
            String where = "post_processor." + key;
            JsonElement el = o.get(key);
            if (el == null || !el.isJsonArray() || el.getAsJsonArray().size() != 2) {
                throw refuse(where, "[\"" + token + "\", " + vocabulary.indexOf(token) + "]", brief(el));
            }
            JsonArray pair = el.getAsJsonArray();
            String found = pair.get(0).isJsonPrimitive() ? pair.get(0).getAsString() : brief(pair.get(0));
            if (!token.equals(found)) {
                throw refuse(where, "the token " + token, quoted(found));
            }
            checkId(where, token, pair.get(1), vocabulary);
        }

        private void checkId(String where, String token, JsonElement id, List<String> vocabulary)
                throws CheckpointException {
            int expected = vocabulary.indexOf(token);
            if (!isInt(id) || id.getAsInt() != expected) {
                throw new CheckpointException(String.format(Locale.ROOT,
                        "%s: %s: expected the vocabulary id %d of %s, found %s", source, where, expected, token,
                        brief(id)));
            }
        }

        private void checkTemplate(JsonObject o, List<String> vocabulary) throws CheckpointException {
            JsonElement single = o.get("single");
            List<String> pieces = new ArrayList<>();
            if (single != null && single.isJsonArray()) {
                for (JsonElement item : single.getAsJsonArray()) {
                    pieces.add(templateItem(item));
                }
            }
            List<String> expected = List.of(WordPieceVocab.CLS, "$A", WordPieceVocab.SEP);
            if (!pieces.equals(expected)) {
                throw refuse("post_processor.single", String.join(" ", expected),
                        single == null ? "none" : pieces.isEmpty() ? brief(single) : String.join(" ", pieces));
            }
            JsonElement specials = o.get("special_tokens");
            if (specials == null || !specials.isJsonObject()) {
                return;
            }
            for (Map.Entry<String, JsonElement> e : specials.getAsJsonObject().entrySet()) {
                String where = "post_processor.special_tokens[" + quoted(e.getKey()) + "]";
                if (!e.getValue().isJsonObject()) {
                    throw refuse(where, "an object", brief(e.getValue()));
                }
                JsonObject s = e.getValue().getAsJsonObject();
                JsonElement tokens = s.get("tokens");
                JsonElement ids = s.get("ids");
                if (tokens == null || !tokens.isJsonArray() || ids == null || !ids.isJsonArray()
                        || tokens.getAsJsonArray().size() != ids.getAsJsonArray().size()) {
                    throw refuse(where, "arrays 'tokens' and 'ids' of equal length", brief(s));
                }
                for (int i = 0; i < tokens.getAsJsonArray().size(); i++) {
                    String token = tokens.getAsJsonArray().get(i).getAsString();
                    if (!vocabulary.contains(token)) {
                        throw new CheckpointException(String.format(Locale.ROOT,
                                "%s: %s: token %s is not in the vocabulary", source, where, quoted(token)));
                    }
                    checkId(where, token, ids.getAsJsonArray().get(i), vocabulary);
                }
            }
        }

        private String templateItem(JsonElement item) {
            if (item.isJsonObject()) {
                JsonObject o = item.getAsJsonObject();
                if (o.has("SpecialToken") && o.get("SpecialToken").isJsonObject()) {
                    JsonElement id = o.getAsJsonObject("SpecialToken").get("id");
                    return id == null ? brief(o) : id.getAsString();
                }
                if (o.has("Sequence") && o.get("Sequence").isJsonObject()) {
                    JsonElement id = o.getAsJsonObject("Sequence").get("id");
                    return id == null ? brief(o) : "$" + id.getAsString();
                }
            }
            return brief(item);
        }

        private void padding(JsonElement el, List<String> vocabulary) throws CheckpointException {
            if (el == null || el.isJsonNull()) {
                return;
            }
            if (!el.isJsonObject()) {
                throw refuse("padding", "an object or null", brief(el));
            }
            JsonObject o = el.getAsJsonObject();
            JsonElement token = o.get("pad_token");
            if (token != null && !token.isJsonNull() && !WordPieceVocab.PAD.equals(token.getAsString())) {
                throw refuse("padding.pad_token", WordPieceVocab.PAD, quoted(token.getAsString()));
            }
            JsonElement id = o.get("pad_id");
            if (id != null && !id.isJsonNull()) {
                checkId("padding.pad_id", WordPieceVocab.PAD, id, vocabulary);
            }
        }

        private int truncation(JsonElement el) throws CheckpointException {
            if (el == null || el.isJsonNull()) {
                return Integer.MAX_VALUE;
            }
            if (!el.isJsonObject()) {
                throw refuse("truncation", "an object or null", brief(el));
            }
            JsonElement max = el.getAsJsonObject().get("max_length");
            if (!isInt(max) || max.getAsInt() < 3) {
                throw refuse("truncation.max_length", "an integer >= 3 (room for [CLS] x [SEP])", brief(max));
            }
            return max.getAsInt();
        }

        private JsonObject object(JsonObject o, String key, String where) throws CheckpointException {
            JsonElement el = o.get(key);
            if (el == null || !el.isJsonObject()) {
                throw refuse(where, "an object", el == null ? "none" : brief(el));
            }
            return el.getAsJsonObject();
        }

        private String string(JsonObject o, String key, String where, String dflt) throws CheckpointException {
            JsonElement el = o.get(key);
            if (el == null || el.isJsonNull()) {
                if (dflt != null) {
                    return dflt;
                }
                throw refuse(where, "a string", "none");
            }
            if (!el.isJsonPrimitive() || !el.getAsJsonPrimitive().isString()) {
                throw refuse(where, "a string", brief(el));
            }
            return el.getAsString();
        }

        private void expectString(JsonObject o, String key, String expected, String where) throws CheckpointException {
            String found = string(o, key, where, expected);
            if (!expected.equals(found)) {
                throw refuse(where, quoted(expected), quoted(found));
            }
        }

        private Boolean optionalBool(JsonObject o, String key, String where) throws CheckpointException {
            JsonElement el = o.get(key);
            if (el == null || el.isJsonNull()) {
                return null;
            }
            if (!el.isJsonPrimitive() || !el.getAsJsonPrimitive().isBoolean()) {
                throw refuse(where, "true, false or null", brief(el));
            }
            return el.getAsBoolean();
        }

        private CheckpointException refuse(String where, String expected, String found) {
            return new CheckpointException(String.format(Locale.ROOT, "%s: %s: expected %s, found %s", source, where,
                    expected, found));
        }
    }

    private static boolean isInt(JsonElement el) {
        if (el == null || !el.isJsonPrimitive() || !el.getAsJsonPrimitive().isNumber()) {
            return false;
        }
        double d = el.getAsDouble();
        return d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE;
    }

    private static String quoted(String s) {
        return s == null ? "none" : "\"" + s + "\"";
    }

    /** A JSON value shortened for a message; vocabularies can be megabytes long. */
    private static String brief(JsonElement el) {
        if (el == null) {
            return "none";
        }
        String s = el.toString();
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
