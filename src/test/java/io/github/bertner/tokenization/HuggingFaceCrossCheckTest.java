package io.github.bertner.tokenization;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks our pieces against HF's Rust tokenizer (through DJL) built from the same vocab.txt, on
 * real English and Russian sentences plus hand-picked hard characters, cased and uncased.
 */
class HuggingFaceCrossCheckTest {

    /** Words chosen for normalisation corner cases; each is also checked inside the data runs. */
    private static final List<String> HARD_WORDS = List.of(
            "Ёлка", "ёжик", "йод", "ЙОГА", "naïve", "Ångström", "İstanbul", "Straße", "U.S.", "—", "«Газпром»",
            "soft\u00ADhyphen", "zero\u200Bwidth", "a\u0000b", "x\uFFFDy", "ﬁne", "日本語", "café-au-lait",
            "Ǆemal", "ΣΟΦΙΑ", "1,000.5", "e-mail", "non\u00A0breaking", "tab\tinside", "ok\u2028line", "Ü",
            "и\u0306од", "Привет!", "(BBC)", "$100", "o'clock", "ÆON");

    @Test
    void casedPiecesEqualHuggingFace() throws IOException {
        crossCheck(TokenizerSettings.cased());
    }

    @Test
    void uncasedPiecesEqualHuggingFace() throws IOException {
        crossCheck(TokenizerSettings.uncased());
    }

    @Test
    void lowerCaseWithoutAccentStrippingEqualsHuggingFace() throws IOException {
        crossCheck(new TokenizerSettings(true, false, true, 512, null));
    }

    private void crossCheck(TokenizerSettings settings) throws IOException {
        List<TestData.Sentence> english = TestData.conll("conll2003-en/eng.testa", 300);
        List<TestData.Sentence> russian = TestData.factRuEval("testset", 300);
        List<String> training = new ArrayList<>(TestData.lines(TestData.conll("conll2003-en/eng.train", 4000)));
        training.addAll(TestData.lines(TestData.factRuEval("devset", 2000)));
        training.addAll(HARD_WORDS);
        // a rare-character threshold leaves some characters out, so [UNK] paths are exercised too
        WordPieceVocab vocab = VocabBuilder.builder().setVocabSize(6000).optSettings(settings)
                .optMinCharFrequency(3).build().train(training);
        BertWordPieceTokenizer ours = new BertWordPieceTokenizer(vocab, settings);

        List<TestData.Sentence> all = new ArrayList<>(english);
        all.addAll(russian);
        int[] hardBegins = new int[HARD_WORDS.size()];
        for (int i = 1; i < hardBegins.length; i++) {
            hardBegins[i] = hardBegins[i - 1] + HARD_WORDS.get(i - 1).length() + 1;
        }
        all.add(new TestData.Sentence(HARD_WORDS, hardBegins, null));

        int words = 0;
        int pieces = 0;
        int unks = 0;
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(
                new ByteArrayInputStream(tokenizerJson(vocab, settings).getBytes(StandardCharsets.UTF_8)),
                Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"))) {
            for (TestData.Sentence s : all) {
                Encoding enc = hf.encode(s.words().toArray(new String[0]), false, false);
                List<Piece> mine = ours.tokenizeWords(s.words(), s.begins());
                List<String> expected = new ArrayList<>();
                String[] tokens = enc.getTokens();
                long[] ids = enc.getIds();
                long[] wordIds = enc.getWordIds();
                CharSpan[] spans = enc.getCharTokenSpans();
                boolean[] hasPiece = new boolean[s.words().size()];
                for (int i = 0; i < tokens.length; i++) {
                    int w = (int) wordIds[i];
                    hasPiece[w] = true;
                    expected.add(tokens[i] + "/" + ids[i] + "/w" + w + "@" + spans[i].getStart() + "-" + spans[i].getEnd());
                }
                // words HF drops entirely (nothing left after cleaning) are one [UNK] in ours
                List<String> actual = new ArrayList<>();
                for (Piece p : mine) {
                    int w = p.wordIndex();
                    if (!hasPiece[w]) {
                        assertEquals(WordPieceVocab.UNK, p.text(), "word with no HF piece: " + s.words().get(w));
                        continue;
                    }
                    int b = s.begins()[w];
                    actual.add(p.text() + "/" + p.id() + "/w" + w + "@" + (p.begin() - b) + "-" + (p.end() - b));
                    unks += p.id() == vocab.unkId() ? 1 : 0;
                }
                assertEquals(expected, actual, "sentence " + s.words());
                words += s.words().size();
                pieces += mine.size();
            }
        }
        assertTrue(words > 5000, "checked " + words + " words");
        assertTrue(pieces > words, "expected some words split into several pieces");
        assertTrue(unks > 0, "expected some [UNK] pieces from rare characters");
    }

    /** A BERT tokenizer.json for HF's Rust tokenizers, built from our vocabulary and settings. */
    static String tokenizerJson(WordPieceVocab vocab, TokenizerSettings settings) {
        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", JsonNull.INSTANCE);
        root.add("padding", JsonNull.INSTANCE);
        JsonArray added = new JsonArray();
        for (String special : List.of(WordPieceVocab.PAD, WordPieceVocab.UNK, WordPieceVocab.CLS,
                WordPieceVocab.SEP, WordPieceVocab.MASK)) {
            JsonObject t = new JsonObject();
            t.addProperty("id", vocab.id(special));
            t.addProperty("content", special);
            t.addProperty("single_word", false);
            t.addProperty("lstrip", false);
            t.addProperty("rstrip", false);
            t.addProperty("normalized", false);
            t.addProperty("special", true);
            added.add(t);
        }
        root.add("added_tokens", added);
        JsonObject normalizer = new JsonObject();
        normalizer.addProperty("type", "BertNormalizer");
        normalizer.addProperty("clean_text", true);
        normalizer.addProperty("handle_chinese_chars", settings.tokenizeChineseChars());
        normalizer.add("strip_accents", settings.stripAccents() == null ? JsonNull.INSTANCE
                : new JsonPrimitive(settings.stripAccents()));
        normalizer.addProperty("lowercase", settings.doLowerCase());
        root.add("normalizer", normalizer);
        JsonObject pre = new JsonObject();
        pre.addProperty("type", "BertPreTokenizer");
        root.add("pre_tokenizer", pre);
        JsonObject post = new JsonObject();
        post.addProperty("type", "BertProcessing");
        JsonArray sep = new JsonArray();
        sep.add(WordPieceVocab.SEP);
        sep.add(vocab.sepId());
        JsonArray cls = new JsonArray();
        cls.add(WordPieceVocab.CLS);
        cls.add(vocab.clsId());
        post.add("sep", sep);
        post.add("cls", cls);
        root.add("post_processor", post);
        JsonObject decoder = new JsonObject();
        decoder.addProperty("type", "WordPiece");
        decoder.addProperty("prefix", "##");
        decoder.addProperty("cleanup", true);
        root.add("decoder", decoder);
        JsonObject model = new JsonObject();
        model.addProperty("type", "WordPiece");
        model.addProperty("unk_token", WordPieceVocab.UNK);
        model.addProperty("continuing_subword_prefix", "##");
        model.addProperty("max_input_chars_per_word", BertWordPieceTokenizer.MAX_INPUT_CHARS_PER_WORD);
        JsonObject map = new JsonObject();
        for (int i = 0; i < vocab.size(); i++) {
            map.addProperty(vocab.token(i), i);
        }
        model.add("vocab", map);
        root.add("model", model);
        return root.toString();
    }
}
