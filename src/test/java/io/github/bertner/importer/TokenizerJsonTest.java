package io.github.bertner.importer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.bertner.model.CheckpointException;
import io.github.bertner.tokenization.BertWordPieceTokenizer;
import io.github.bertner.tokenization.Piece;
import io.github.bertner.tokenization.TokenizerSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Hand-written tokenizer.json variants: what is accepted, what it becomes, and every refusal's message. */
class TokenizerJsonTest {

    private static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "new",
            "york", "##er", "ne", "##w", ".", "cafe", "café");

    @TempDir
    Path tmp;

    /** A BERT tokenizer.json shaped like the langchain4j ones, with {@link #VOCAB}. */
    private static JsonObject bert() {
        return JsonParser.parseString("""
                {"version":"1.0","truncation":null,"padding":null,
                 "added_tokens":[{"id":0,"content":"[PAD]","special":true},{"id":1,"content":"[UNK]","special":true},
                   {"id":2,"content":"[CLS]","special":true},{"id":3,"content":"[SEP]","special":true},
                   {"id":4,"content":"[MASK]","special":true}],
                 "normalizer":{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,
                   "strip_accents":null,"lowercase":true},
                 "pre_tokenizer":{"type":"BertPreTokenizer"},
                 "post_processor":{"type":"TemplateProcessing",
                   "single":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},
                             {"SpecialToken":{"id":"[SEP]","type_id":0}}],
                   "special_tokens":{"[CLS]":{"id":"[CLS]","ids":[2],"tokens":["[CLS]"]},
                                     "[SEP]":{"id":"[SEP]","ids":[3],"tokens":["[SEP]"]}}},
                 "decoder":{"type":"WordPiece","prefix":"##","cleanup":true},
                 "model":{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##",
                   "max_input_chars_per_word":100,"vocab":{}}}
                """).getAsJsonObject();
    }

    private static JsonObject bertWithVocab() {
        JsonObject root = bert();
        JsonObject vocab = root.getAsJsonObject("model").getAsJsonObject("vocab");
        for (int i = 0; i < VOCAB.size(); i++) {
            vocab.addProperty(VOCAB.get(i), i);
        }
        return root;
    }

    private static TokenizerJson.Result parse(JsonObject root) throws IOException {
        return TokenizerJson.read(new ByteArrayInputStream(root.toString().getBytes(StandardCharsets.UTF_8)), "t.json");
    }

    private static String refusal(Consumer<JsonObject> edit) {
        JsonObject root = bertWithVocab();
        edit.accept(root);
        return assertThrows(CheckpointException.class, () -> parse(root)).getMessage();
    }

    private static JsonElement json(String text) {
        return JsonParser.parseString(text);
    }

    @Test
    void bertTokenizerBecomesVocabularyAndSettings() throws IOException {
        TokenizerJson.Result r = parse(bertWithVocab());
        assertEquals(VOCAB, r.vocabulary());
        assertEquals(new TokenizerSettings(true, null, true, Integer.MAX_VALUE, Set.of()), r.settings());
        List<String> pieces = r.tokenizer().tokenizeWords(List.of("The", "NEWer", "Café"), new int[] {0, 4, 10})
                .stream().map(Piece::text).toList();
        assertEquals(List.of("the", "new", "##er", "cafe"), pieces);
    }

    @Test
    void casedSequenceWrappedBertProcessingAndTruncationAreRead() throws IOException {
        JsonObject root = bertWithVocab();
        root.add("normalizer", json("""
                {"type":"Sequence","normalizers":[{"type":"BertNormalizer","clean_text":true,
                 "handle_chinese_chars":false,"strip_accents":false,"lowercase":false}]}"""));
        root.add("pre_tokenizer", json("{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"BertPreTokenizer\"}]}"));
        root.add("post_processor", json("{\"type\":\"BertProcessing\",\"sep\":[\"[SEP]\",3],\"cls\":[\"[CLS]\",2]}"));
        root.add("truncation", json("{\"direction\":\"Right\",\"max_length\":128,\"strategy\":\"LongestFirst\",\"stride\":0}"));
        root.add("padding", json("{\"strategy\":{\"Fixed\":128},\"pad_id\":0,\"pad_token\":\"[PAD]\"}"));
        TokenizerJson.Result r = parse(root);
        assertEquals(new TokenizerSettings(false, false, false, 128, Set.of()), r.settings());
        List<String> pieces = r.tokenizer().tokenizeWords(List.of("café", "Café"), new int[] {0, 5}).stream()
                .map(Piece::text).toList();
        assertEquals(List.of("café", "[UNK]"), pieces);
    }

    @Test
    void addedTokensOutsideTheVocabularyAreAppendedAndKeptWhole() throws IOException {
        JsonObject root = bertWithVocab();
        root.getAsJsonArray("added_tokens").add(json("{\"id\":14,\"content\":\"<e1>\",\"special\":false}"));
        TokenizerJson.Result r = parse(root);
        assertEquals(15, r.vocabulary().size());
        assertEquals("<e1>", r.vocabulary().get(14));
        assertEquals(Set.of("<e1>"), r.settings().neverSplit());
        assertEquals(List.of("<e1>"), r.tokenizer().tokenizeWords(List.of("<e1>"), new int[] {0}).stream()
                .map(Piece::text).toList());
    }

    @Test
    void folderWithOnlyTokenizerJsonLoadsAsTokenizer() throws IOException {
        Files.writeString(tmp.resolve(TokenizerJson.FILE_NAME), bertWithVocab().toString(), StandardCharsets.UTF_8);
        BertWordPieceTokenizer t = BertWordPieceTokenizer.load(tmp);
        assertEquals(VOCAB, t.vocab().tokens());
        assertEquals(new TokenizerSettings(true, null, true, Integer.MAX_VALUE, Set.of()), t.settings());
        // written back as the vocab.txt pair, it reads the same
        Path out = tmp.resolve("out");
        TokenizerJson.read(tmp.resolve(TokenizerJson.FILE_NAME)).writeTo(out);
        assertEquals(VOCAB, Files.readAllLines(out.resolve(BertWordPieceTokenizer.VOCAB_FILE)));
        assertEquals(t.settings(), TokenizerSettings.read(out.resolve(TokenizerSettings.FILE_NAME)));
    }

    @Test
    void tokenizerConfigJsonTextReadsBackToTheSettings() throws IOException {
        TokenizerJson.Result r = parse(bertWithVocab());
        Path f = tmp.resolve("tc.json");
        Files.writeString(f, r.tokenizerConfigJson(), StandardCharsets.UTF_8);
        assertEquals(r.settings(), TokenizerSettings.read(f));
    }

    @Test
    void nonBertModelsAreRefusedNamingWhatWasFound() {
        assertEquals("t.json: model.type: expected WordPiece, found \"BPE\" (a byte-pair-encoding tokenizer as in "
                + "GPT-2/RoBERTa; only BERT WordPiece is supported)",
                refusal(r -> r.getAsJsonObject("model").addProperty("type", "BPE")));
        assertEquals("t.json: model.type: expected WordPiece, found \"Unigram\" (a SentencePiece Unigram tokenizer "
                + "as in XLM-R/ALBERT/T5; only BERT WordPiece is supported)",
                refusal(r -> r.getAsJsonObject("model").addProperty("type", "Unigram")));
        assertEquals("t.json: post_processor.type: expected BertProcessing or TemplateProcessing, found "
                + "\"RobertaProcessing\" (RoBERTa's <s> ... </s> layout)",
                refusal(r -> r.add("post_processor", json("{\"type\":\"RobertaProcessing\"}"))));
        assertEquals("t.json: pre_tokenizer: expected BertPreTokenizer, found \"ByteLevel\"",
                refusal(r -> r.add("pre_tokenizer", json("{\"type\":\"ByteLevel\"}"))));
        assertEquals("t.json: normalizer: expected BertNormalizer (alone or as the only member of a Sequence), "
                + "found a Sequence of [NFD, Lowercase, StripAccents]",
                refusal(r -> r.add("normalizer", json("{\"type\":\"Sequence\",\"normalizers\":[{\"type\":\"NFD\"},"
                        + "{\"type\":\"Lowercase\"},{\"type\":\"StripAccents\"}]}"))));
        assertEquals("t.json: normalizer: expected BertNormalizer, found none",
                refusal(r -> r.add("normalizer", JsonNull.INSTANCE)));
    }

    @Test
    void settingsOurTokenizerDoesNotImplementAreRefused() {
        assertEquals("t.json: model.unk_token: expected \"[UNK]\", found \"<unk>\"",
                refusal(r -> r.getAsJsonObject("model").addProperty("unk_token", "<unk>")));
        assertEquals("t.json: model.continuing_subword_prefix: expected \"##\", found \"@@\"",
                refusal(r -> r.getAsJsonObject("model").addProperty("continuing_subword_prefix", "@@")));
        assertEquals("t.json: model.max_input_chars_per_word: expected 100, found 200",
                refusal(r -> r.getAsJsonObject("model").addProperty("max_input_chars_per_word", 200)));
        assertEquals("t.json: normalizer.clean_text: expected true (control characters are always removed here), "
                + "found false", refusal(r -> r.getAsJsonObject("normalizer").addProperty("clean_text", false)));
        assertEquals("t.json: post_processor.single: expected [CLS] $A [SEP], found $A [SEP]",
                refusal(r -> r.getAsJsonObject("post_processor").getAsJsonArray("single").remove(0)));
        assertEquals("t.json: padding.pad_token: expected [PAD], found \"<pad>\"",
                refusal(r -> r.add("padding", json("{\"pad_id\":0,\"pad_token\":\"<pad>\"}"))));
    }

    @Test
    void inconsistentIdsAreRefused() {
        assertEquals("t.json: model.vocab: id 5 is given to both \"the\" and \"new\"",
                refusal(r -> r.getAsJsonObject("model").getAsJsonObject("vocab").addProperty("new", 5)));
        assertEquals("t.json: model.vocab[\"new\"]: expected an id in [0, 14) (one per entry), found 20",
                refusal(r -> r.getAsJsonObject("model").getAsJsonObject("vocab").addProperty("new", 20)));
        assertEquals("t.json: added_tokens[1] \"[UNK]\" has id 7 but model.vocab gives it id 1",
                refusal(r -> r.getAsJsonArray("added_tokens").get(1).getAsJsonObject().addProperty("id", 7)));
        assertEquals("t.json: added_tokens[5] \"<e1>\" is not in model.vocab; expected it to take the next id 14, "
                + "found 20", refusal(r -> r.getAsJsonArray("added_tokens").add(json("{\"id\":20,\"content\":\"<e1>\"}"))));
        assertEquals("t.json: post_processor.special_tokens[\"[CLS]\"]: expected the vocabulary id 2 of [CLS], found 101",
                refusal(r -> r.getAsJsonObject("post_processor").getAsJsonObject("special_tokens")
                        .getAsJsonObject("[CLS]").add("ids", json("[101]"))));
        assertEquals("t.json: post_processor.sep: expected the vocabulary id 3 of [SEP], found 102",
                refusal(r -> r.add("post_processor",
                        json("{\"type\":\"BertProcessing\",\"sep\":[\"[SEP]\",102],\"cls\":[\"[CLS]\",2]}"))));
        assertEquals("t.json: expected the BERT special tokens [[PAD], [UNK], [CLS], [SEP], [MASK]] in the vocabulary, "
                + "[MASK] is missing", refusal(r -> {
                    JsonObject v = r.getAsJsonObject("model").getAsJsonObject("vocab");
                    v.remove("[MASK]");
                    v.remove("café");
                    v.addProperty("x", 4);
                    JsonArray added = r.getAsJsonArray("added_tokens");
                    added.remove(4);
                }));
    }

    @Test
    void notJsonIsRefusedNamingTheSource() {
        CheckpointException e = assertThrows(CheckpointException.class, () -> TokenizerJson.read(
                new ByteArrayInputStream("{\"model\": [".getBytes(StandardCharsets.UTF_8)), "broken.json"));
        assertEquals(true, e.getMessage().startsWith("broken.json: expected JSON, found a syntax error: "),
                e.getMessage());
    }
}
