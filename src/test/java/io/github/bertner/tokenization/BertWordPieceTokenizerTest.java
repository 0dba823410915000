package io.github.bertner.tokenization;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BertWordPieceTokenizerTest {

    private final WordPieceVocab vocab = TestVocab.small();
    private final BertWordPieceTokenizer cased = new BertWordPieceTokenizer(vocab, TokenizerSettings.cased());
    private final BertWordPieceTokenizer uncased = new BertWordPieceTokenizer(vocab, TokenizerSettings.uncased());

    /** Pieces as "text[begin,end)" plus "+" for continuations. */
    private static String show(List<Piece> pieces) {
        return pieces.stream().map(p -> (p.continuation() ? "+" : "") + p.text() + "[" + p.begin() + "," + p.end() + ")")
                .collect(Collectors.joining(" "));
    }

    @Test
    void splitsEnglishWordsWithAbsoluteOffsets() {
        List<Piece> pieces = cased.tokenizeWord("playing", 3, 10);
        assertEquals("play[10,14) +##ing[14,17)", show(pieces));
        assertEquals(vocab.id("##ing"), pieces.get(1).id());
        assertEquals(3, pieces.get(1).wordIndex());
        assertEquals("un[0,2) +##bel[2,5) +##ie[5,7) +##vable[7,12)", show(cased.tokenizeWord("unbelievable", 0, 0)));
        assertEquals("Black[4,9) +##burn[9,13)", show(cased.tokenizeWord("Blackburn", 1, 4)));
    }

    @Test
    void punctuationInsideAWordGivesContinuationsWithoutPrefix() {
        assertEquals("U[5,6) +.[6,7) +S[7,8) +.[8,9)", show(cased.tokenizeWord("U.S.", 2, 5)));
        assertEquals("«[0,1) +Мос[1,4) +##ква[4,7) +»[7,8)", show(cased.tokenizeWord("«Москва»", 0, 0)));
        assertEquals("Привет[0,6) +![6,7)", show(cased.tokenizeWord("Привет!", 0, 0)));
    }

    @Test
    void unknownWordsBecomeOneUnkSpanningTheWord() {
        assertEquals("[UNK][20,23)", show(cased.tokenizeWord("xyz", 0, 20)));
        // cased vocabulary has "Black" but no "BLACK"
        assertEquals("[UNK][0,5)", show(cased.tokenizeWord("BLACK", 0, 0)));
        // only the unsplittable basic token is [UNK]; the punctuation next to it survives
        assertEquals("([0,1) +[UNK][1,4) +)[4,5)", show(cased.tokenizeWord("(xyz)", 0, 0)));
    }

    @Test
    void wordsLongerThanTheLimitAreUnk() {
        String hundred = "a".repeat(BertWordPieceTokenizer.MAX_INPUT_CHARS_PER_WORD);
        assertEquals(BertWordPieceTokenizer.MAX_INPUT_CHARS_PER_WORD, cased.tokenizeWord(hundred, 0, 0).size());
        assertEquals("[UNK][0,101)", show(cased.tokenizeWord(hundred + "a", 0, 0)));
    }

    @Test
    void wordsThatVanishInCleaningStillGetOnePiece() {
        assertEquals("[UNK][7,8)", show(cased.tokenizeWord("\u200B", 0, 7)));
        assertEquals("[UNK][3,5)", show(cased.tokenizeWord("\u0000\uFFFD", 0, 3)));
        assertEquals("[UNK][4,4)", show(cased.tokenizeWord("", 0, 4)));
        // a control character inside a word is dropped without splitting it
        assertEquals("play[0,4) +##ing[5,8)", show(cased.tokenizeWord("play\u00ADing", 0, 0)));
    }

    @Test
    void uncasedStripsAccentsButOffsetsPointIntoTheOriginal() {
        String doc = "Ёлка";
        List<Piece> pieces = uncased.tokenizeWord(doc, 0, 0);
        assertEquals("ел[0,2) +##ка[2,4)", show(pieces));
        assertEquals("Ёл", doc.substring(pieces.get(0).begin(), pieces.get(0).end()));
        // й decomposes to и + breve, and the breve is stripped only when accents are stripped
        assertEquals("и[0,1) +##од[1,3)", show(uncased.tokenizeWord("Йод", 0, 0)));
        BertWordPieceTokenizer lowerOnly = new BertWordPieceTokenizer(vocab,
                new TokenizerSettings(true, false, true, 512, null));
        assertEquals("й[0,1) +##од[1,3)", show(lowerOnly.tokenizeWord("Йод", 0, 0)));
        assertEquals("na[0,2) +##ive[2,5)", show(uncased.tokenizeWord("NAÏVE", 0, 0)));
        // a decomposed й (и + U+0306) loses its mark, which is skipped in the offsets
        assertEquals("и[0,1) +##од[2,4)", show(uncased.tokenizeWord("и\u0306од", 0, 0)));
    }

    @Test
    void casedKeepsCaseAndAccents() {
        assertEquals("Ёлка[0,4)", show(cased.tokenizeWord("Ёлка", 0, 0)));
        assertEquals("й[0,1) +##од[1,3)", show(cased.tokenizeWord("йод", 0, 0)));
        assertEquals("[UNK][0,3)", show(cased.tokenizeWord("Йод", 0, 0)));
        assertEquals("Мос[0,3) +##ква[3,6)", show(cased.tokenizeWord("Москва", 0, 0)));
        assertEquals("мос[0,3) +##ква[3,6)", show(uncased.tokenizeWord("МОСКВА", 0, 0)));
    }

    @Test
    void saveThenLoadRoundTrips(@TempDir Path dir) throws IOException {
        uncased.save(dir.resolve("model"));
        BertWordPieceTokenizer loaded = BertWordPieceTokenizer.load(dir.resolve("model"));
        assertEquals(uncased.settings(), loaded.settings());
        assertEquals(vocab.tokens(), loaded.vocab().tokens());
        assertEquals(show(uncased.tokenizeWord("Ёлка", 0, 0)), show(loaded.tokenizeWord("Ёлка", 0, 0)));
    }

    @Test
    void chineseCharactersAreSeparatePieces() {
        assertEquals("日[0,1) +本[1,2)", show(cased.tokenizeWord("日本", 0, 0)));
    }

    @Test
    void neverSplitStringsStayWhole() {
        assertEquals("[[0,1) +url[1,4) +][4,5)", show(uncased.tokenizeWord("[URL]", 0, 0)));
        BertWordPieceTokenizer keep = new BertWordPieceTokenizer(vocab,
                new TokenizerSettings(true, null, true, 512, Set.of("[URL]")));
        assertEquals("[URL][0,5)", show(keep.tokenizeWord("[URL]", 0, 0)));
    }

    @Test
    void tokenizeWordsNumbersWordsAndMarksFirstPieces() {
        List<Piece> pieces = cased.tokenizeWords(List.of("Blackburn", "Rovers", "playing"), new int[] {0, 10, 17});
        assertEquals("Black[0,5) +##burn[5,9) Rovers[10,16) play[17,21) +##ing[21,24)", show(pieces));
        assertEquals(List.of(0, 0, 1, 2, 2), pieces.stream().map(Piece::wordIndex).collect(Collectors.toList()));
        assertFalse(pieces.get(2).continuation());
        assertTrue(pieces.get(4).continuation());
        assertThrows(IllegalArgumentException.class, () -> cased.tokenizeWords(List.of("a"), new int[0]));
    }
}
