package io.github.bertner.training;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.bertner.compare.Transliteration;
import io.github.bertner.model.BertConfig;
import io.github.bertner.model.CheckpointException;
import io.github.bertner.model.FloatTensor;
import io.github.bertner.model.HfCheckpoint;
import io.github.bertner.model.SafetensorsReader;
import io.github.bertner.tokenization.BertWordPieceTokenizer;
import io.github.bertner.tokenization.Piece;
import io.github.bertner.tokenization.TokenizerSettings;
import io.github.bertner.training.VocabularyTransfer.Route;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.github.bertner.training.TransferFixtures.BASE_VOCAB;
import static io.github.bertner.training.TransferFixtures.NEW_VOCAB;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VocabularyTransferTest {

    private static final String WORDS = "embeddings.word_embeddings.weight";
    private static final int H = 16;

    @TempDir
    static Path dir;
    private static Path base;
    private static Path baseWithHead;
    private static Path vocab;

    @BeforeAll
    static void fixtures() throws IOException {
        TransferFixtures.Folders folders = TransferFixtures.write(dir);
        base = folders.base();
        baseWithHead = folders.baseWithHead();
        vocab = folders.vocabulary();
    }

    private static Map<String, FloatTensor> tensors(Path model) throws IOException {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        try (SafetensorsReader r = SafetensorsReader.open(model.resolve(HfCheckpoint.WEIGHTS_FILE))) {
            for (String name : r.tensors().keySet()) {
                out.put(name, r.readFloat(name));
            }
        }
        return out;
    }

    private static float[] row(FloatTensor table, int id) {
        return Arrays.copyOfRange(table.data(), id * H, (id + 1) * H);
    }

    private static float[] mean(FloatTensor table, String... baseTokens) {
        float[] out = new float[H];
        for (int k = 0; k < H; k++) {
            double sum = 0;
            for (String t : baseTokens) {
                sum += table.data()[BASE_VOCAB.indexOf(t) * H + k];
            }
            out[k] = (float) (sum / baseTokens.length);
        }
        return out;
    }

    private static VocabularyTransfer.Report transfer(Path from, Path to, long seed) throws IOException {
        return VocabularyTransfer.builder().setBase(from).setVocabulary(vocab).optSeed(seed).build().write(to);
    }

    @Test
    void everyEntryTakesItsRouteAndItsRow() throws IOException {
        Path out = dir.resolve("t-routes");
        VocabularyTransfer.Report report = transfer(base, out, 7);
        assertEquals("copied 7, transliterated 4, fallback 5 of 16 entries", report.describe());
        Map<String, Route> routes = new LinkedHashMap<>();
        report.entries().forEach(e -> routes.put(e.token(), e.route()));
        for (String t : List.of("[CLS]", "[SEP]", "[PAD]", "[UNK]", "[MASK]", "the", ".")) {
            assertEquals(Route.COPIED, routes.get(t), t);
        }
        for (String t : List.of("Москва", "##ость", "город", "##б")) {
            assertEquals(Route.TRANSLITERATED, routes.get(t), t);
        }
        // Ж → zh, большой → bolshoy, в → v: no base piece; ##а → ##a: the base has "a" only as a word start;
        // Moscow → moscow: "mo" matches but nothing continues it
        for (String t : List.of("Ж", "##а", "большой", "в", "Moscow")) {
            assertEquals(Route.FALLBACK, routes.get(t), t);
        }
        assertEquals("moskva", report.entries().get(NEW_VOCAB.indexOf("Москва")).romanized().toLowerCase());
        assertEquals("##ost", report.entries().get(NEW_VOCAB.indexOf("##ость")).romanized(),
                "soft sign dropped, continuation kept");

        FloatTensor baseWords = tensors(base).get(WORDS);
        Map<String, FloatTensor> got = tensors(out);
        FloatTensor words = got.get(WORDS);
        assertArrayEquals(new long[] {NEW_VOCAB.size(), H}, words.shape());
        for (String t : List.of("[CLS]", "[SEP]", "[PAD]", "[UNK]", "[MASK]", "the", ".")) {
            assertArrayEquals(row(baseWords, BASE_VOCAB.indexOf(t)), row(words, NEW_VOCAB.indexOf(t)), t);
        }
        assertArrayEquals(mean(baseWords, "mo", "##sk", "##va"), row(words, NEW_VOCAB.indexOf("Москва")));
        assertArrayEquals(mean(baseWords, "##os", "##t"), row(words, NEW_VOCAB.indexOf("##ость")));
        assertArrayEquals(mean(baseWords, "go", "##rod"), row(words, NEW_VOCAB.indexOf("город")));
        assertArrayEquals(row(baseWords, BASE_VOCAB.indexOf("##b")), row(words, NEW_VOCAB.indexOf("##б")));
        float[] centre = mean(baseWords, BASE_VOCAB.toArray(new String[0]));
        float[] zh = row(words, NEW_VOCAB.indexOf("Ж"));
        float[] v = row(words, NEW_VOCAB.indexOf("в"));
        assertFalse(Arrays.equals(zh, v), "fallback rows start apart");
        for (int k = 0; k < H; k++) {
            assertEquals(centre[k], zh[k], 0.02, "fallback row near the mean of all base rows");
            assertNotEquals(centre[k], zh[k]);
        }

        Map<String, FloatTensor> baseTensors = tensors(base);
        assertEquals(baseTensors.keySet(), got.keySet());
        baseTensors.forEach((name, t) -> {
            if (!name.equals(WORDS)) {
                assertEquals(t, got.get(name), name + " copied unchanged");
            }
        });
        BertConfig config = HfCheckpoint.readConfig(out);
        assertEquals(NEW_VOCAB.size(), config.vocabSize());
        assertEquals(NEW_VOCAB.indexOf("[PAD]"), config.padTokenId());
        assertEquals(TransferFixtures.baseConfig().numHiddenLayers(), config.numHiddenLayers());
        BertWordPieceTokenizer tok = BertWordPieceTokenizer.load(out);
        assertEquals(NEW_VOCAB, tok.vocab().tokens());
        assertEquals(TokenizerSettings.cased(), tok.settings());
        assertEquals(List.of("Москва"), tok.tokenizeWord("Москва", 0, 0).stream().map(Piece::text).toList());

        JsonObject prov = JsonParser.parseString(Files.readString(out.resolve(TrainingProvenance.FILE_NAME),
                StandardCharsets.UTF_8)).getAsJsonObject().getAsJsonObject(VocabularyTransfer.PROVENANCE_SECTION);
        assertEquals(7, prov.get("copied").getAsInt());
        assertEquals(4, prov.get("transliterated").getAsInt());
        assertEquals(5, prov.get("fallback").getAsInt());
        assertEquals("BGN_PCGN", prov.get("transliteration").getAsString());
        assertEquals(64, prov.getAsJsonObject("vocabulary").get("sha256").getAsString().length());
    }

    @Test
    void theNoiseComesFromTheSeedOnly() throws IOException {
        transfer(base, dir.resolve("s1"), 7);
        transfer(base, dir.resolve("s2"), 7);
        transfer(base, dir.resolve("s3"), 8);
        assertArrayEquals(Files.readAllBytes(dir.resolve("s1").resolve(HfCheckpoint.WEIGHTS_FILE)),
                Files.readAllBytes(dir.resolve("s2").resolve(HfCheckpoint.WEIGHTS_FILE)));
        FloatTensor a = tensors(dir.resolve("s1")).get(WORDS);
        FloatTensor c = tensors(dir.resolve("s3")).get(WORDS);
        for (int id = 0; id < NEW_VOCAB.size(); id++) {
            boolean fallback = List.of("Ж", "##а", "большой", "в", "Moscow").contains(NEW_VOCAB.get(id));
            assertEquals(!fallback, Arrays.equals(row(a, id), row(c, id)), NEW_VOCAB.get(id));
        }
        VocabularyTransfer.builder().setBase(base).setVocabulary(vocab).optNoiseStd(0).build()
                .write(dir.resolve("s0"));
        float[] centre = mean(tensors(base).get(WORDS), BASE_VOCAB.toArray(new String[0]));
        assertArrayEquals(centre, row(tensors(dir.resolve("s0")).get(WORDS), NEW_VOCAB.indexOf("Ж")));
    }

    @Test
    void anMlmHeadKeepsItsTransformAndMapsItsBias() throws IOException {
        Path out = dir.resolve("t-head");
        VocabularyTransfer.Report report = transfer(baseWithHead, out, 7);
        assertTrue(report.headMapped());
        Map<String, FloatTensor> b = tensors(baseWithHead);
        Map<String, FloatTensor> got = tensors(out);
        FloatTensor bias = got.get("cls.predictions.bias");
        FloatTensor baseBias = b.get("cls.predictions.bias");
        assertArrayEquals(new long[] {NEW_VOCAB.size()}, bias.shape());
        assertEquals(baseBias.data()[BASE_VOCAB.indexOf("the")], bias.data()[NEW_VOCAB.indexOf("the")]);
        float[] d = baseBias.data();
        assertEquals((float) ((d[BASE_VOCAB.indexOf("go")] + (double) d[BASE_VOCAB.indexOf("##rod")]) / 2),
                bias.data()[NEW_VOCAB.indexOf("город")]);
        assertFalse(got.containsKey("cls.predictions.decoder.weight"), "tied to the word embeddings");
        for (String name : b.keySet()) {
            if (name.startsWith("cls.predictions.transform.") || name.startsWith("bert.encoder.")) {
                assertEquals(b.get(name), got.get(name), name);
            }
        }
    }

    @Test
    void continuationEntriesAreLookedUpAsContinuations() throws IOException {
        BertWordPieceTokenizer tok = BertWordPieceTokenizer.load(base);
        List<Piece> pieces = tok.tokenizeContinuation("OST");
        assertEquals(List.of("##os", "##t"), pieces.stream().map(Piece::text).toList());
        assertTrue(pieces.stream().allMatch(Piece::continuation));
        assertEquals(List.of("[UNK]"), tok.tokenizeWord("ost", 0, 0).stream().map(Piece::text).toList());
        assertEquals(List.of("[UNK]"), tok.tokenizeContinuation("a").stream().map(Piece::text).toList());
        assertEquals(List.of("a"), tok.tokenizeWord("a", 0, 0).stream().map(Piece::text).toList());
    }

    @Test
    void isoNineIsAvailableToo() throws IOException {
        VocabularyTransfer.Report r = VocabularyTransfer.builder().setBase(base).setVocabulary(vocab)
                .optTransliteration(Transliteration.ISO_9).build().write(dir.resolve("t-iso"));
        // ISO 9 writes Ж as ž, which the uncased base strips to z: still no piece
        assertEquals(Route.FALLBACK, r.entries().get(NEW_VOCAB.indexOf("Ж")).route());
        assertEquals(Route.TRANSLITERATED, r.entries().get(NEW_VOCAB.indexOf("Москва")).route());
    }

    @Test
    void refusesAVocabularyFolderWithoutItsFiles() throws IOException {
        Path noVocab = Files.createDirectories(dir.resolve("no-vocab"));
        TokenizerSettings.cased().write(noVocab.resolve(TokenizerSettings.FILE_NAME));
        CheckpointException e = assertThrows(CheckpointException.class, () -> transferFrom(noVocab));
        assertTrue(e.getMessage().contains("vocab.txt") && e.getMessage().contains("no-vocab"), e.getMessage());
        Path noSettings = Files.createDirectories(dir.resolve("no-settings"));
        Files.write(noSettings.resolve("vocab.txt"), NEW_VOCAB, StandardCharsets.UTF_8);
        e = assertThrows(CheckpointException.class, () -> transferFrom(noSettings));
        assertTrue(e.getMessage().contains(TokenizerSettings.FILE_NAME), e.getMessage());
        Path noSpecials = Files.createDirectories(dir.resolve("no-specials"));
        Files.write(noSpecials.resolve("vocab.txt"), List.of("[PAD]", "a"), StandardCharsets.UTF_8);
        TokenizerSettings.cased().write(noSpecials.resolve(TokenizerSettings.FILE_NAME));
        e = assertThrows(CheckpointException.class, () -> transferFrom(noSpecials));
        assertTrue(e.getMessage().contains("[UNK]"), e.getMessage());
    }

    private static void transferFrom(Path vocabDir) throws IOException {
        VocabularyTransfer.builder().setBase(base).setVocabulary(vocabDir).build().write(dir.resolve("never"));
    }
}
