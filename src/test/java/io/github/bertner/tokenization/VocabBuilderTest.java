package io.github.bertner.tokenization;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VocabBuilderTest {

    @TempDir
    Path tmp;

    private static final List<String> TEXT = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "Съешь же ещё этих мягких французских булок, да выпей чаю!",
            "Blackburn Rovers beat Manchester United 2-1 on Saturday.",
            "Ёлка, йод и «Газпром» — in Moscow; naïve café 日本.",
            "playing played player plays replay replaying");

    @Test
    void containsSpecialsEveryCharacterAndTokenizesTrainingWordsWithoutUnk() {
        WordPieceVocab v = VocabBuilder.builder().setVocabSize(400).build().train(TEXT);
        assertEquals(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"), v.tokens().subList(0, 5));
        BertWordPieceTokenizer tok = new BertWordPieceTokenizer(v, TokenizerSettings.cased());
        for (String line : TEXT) {
            line.codePoints().filter(cp -> !Character.isWhitespace(cp)).forEach(cp -> {
                String c = new String(Character.toChars(cp));
                assertTrue(v.contains(c) && v.contains("##" + c), "character " + c);
            });
            String[] words = line.split(" ");
            int[] begins = new int[words.length];
            for (Piece p : tok.tokenizeWords(List.of(words), begins)) {
                assertNotEquals(v.unkId(), p.id(), "piece of " + words[p.wordIndex()]);
            }
        }
        assertTrue(v.contains("play"), "frequent word-initial piece");
        assertTrue(v.size() <= 400);
    }

    @Test
    void isDeterministic() throws IOException {
        VocabBuilder b = VocabBuilder.builder().setVocabSize(300).build();
        Path a = tmp.resolve("a.txt");
        Path c = tmp.resolve("c.txt");
        b.train(TEXT).write(a);
        VocabBuilder.builder().setVocabSize(300).build().train(new ArrayList<>(TEXT).stream()).write(c);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(c));
    }

    @Test
    void trainsFromFilesAndDataIsDeterministicAndUnkFree() throws IOException {
        List<TestData.Sentence> sentences = TestData.conll("conll2003-en/eng.train", 3000);
        Path f = tmp.resolve("train.txt");
        Files.write(f, TestData.lines(sentences), StandardCharsets.UTF_8);
        VocabBuilder b = VocabBuilder.builder().setVocabSize(3000).build();
        WordPieceVocab v1 = b.trainFiles(List.of(f));
        WordPieceVocab v2 = b.train(TestData.lines(sentences));
        assertEquals(v1.tokens(), v2.tokens());
        assertEquals(3000, v1.size());
        BertWordPieceTokenizer tok = new BertWordPieceTokenizer(v1, TokenizerSettings.cased());
        int pieces = 0;
        int words = 0;
        for (TestData.Sentence s : sentences) {
            for (Piece p : tok.tokenizeWords(s.words(), s.begins())) {
                assertNotEquals(v1.unkId(), p.id(), s.words().get(p.wordIndex()));
                pieces++;
            }
            words += s.words().size();
        }
        assertTrue(pieces < 2 * words, "a learned vocabulary keeps most words short: " + pieces + " / " + words);
    }

    @Test
    void bertLayoutWithUnusedTokens() {
        WordPieceVocab v = VocabBuilder.builder().setVocabSize(500).optUnusedTokens(99).build().train(TEXT);
        assertEquals(0, v.padId());
        assertEquals("[unused0]", v.token(1));
        assertEquals(100, v.unkId());
        assertEquals(101, v.clsId());
        assertEquals(102, v.sepId());
        assertEquals(103, v.maskId());
    }

    @Test
    void uncasedLearnsLowerCaseStrippedPieces() {
        WordPieceVocab v = VocabBuilder.builder().setVocabSize(400).optSettings(TokenizerSettings.uncased())
                .build().train(TEXT);
        assertTrue(v.contains("е") && !v.contains("Ё") && !v.contains("T"));
    }

    @Test
    void rareCharactersCanBeLeftOut() {
        WordPieceVocab v = VocabBuilder.builder().setVocabSize(400).optMinCharFrequency(2).build().train(TEXT);
        assertTrue(!v.contains("日") && v.contains("e"));
    }

    @Test
    void refusesSizesTooSmallForTheAlphabet() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VocabBuilder.builder().setVocabSize(20).build().train(TEXT));
        assertTrue(e.getMessage().contains("characters"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VocabBuilder.builder().build());
    }
}
