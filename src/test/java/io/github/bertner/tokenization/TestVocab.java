package io.github.bertner.tokenization;

import java.util.ArrayList;
import java.util.List;

/** Small hand-made vocabularies for tests. */
final class TestVocab {

    private TestVocab() {
    }

    /** English and Russian pieces, cased and lower-cased forms, a few punctuation marks. */
    static WordPieceVocab small() {
        List<String> tokens = new ArrayList<>(List.of(WordPieceVocab.PAD, WordPieceVocab.UNK, WordPieceVocab.CLS,
                WordPieceVocab.SEP, WordPieceVocab.MASK));
        tokens.addAll(List.of(
                "the", "play", "##ing", "##ed", "un", "##bel", "##ie", "##vable", "Black", "black", "##burn",
                "Rovers", "U", "S", ".", ",", "-", "!", "(", ")", "«", "»", "a", "##a", "na", "##ive", "[URL]", "url",
                "[", "]", "日", "本",
                "Мос", "##ква", "мос", "ел", "##ка", "Ёлка", "и", "й", "##од", "Привет", "при", "##вет", "мир"));
        return WordPieceVocab.of(tokens);
    }

    /** Lower-case Latin letters as word-initial and "##" pieces, plus some two- and three-letter pieces. */
    static WordPieceVocab letters() {
        List<String> tokens = new ArrayList<>(List.of(WordPieceVocab.PAD, WordPieceVocab.UNK, WordPieceVocab.CLS,
                WordPieceVocab.SEP, WordPieceVocab.MASK, ".", ","));
        for (char c = 'a'; c <= 'z'; c++) {
            tokens.add(String.valueOf(c));
            tokens.add("##" + c);
        }
        tokens.addAll(List.of("th", "##th", "##ing", "re", "##er", "an", "##an", "the", "##ed", "in", "on", "##on"));
        return WordPieceVocab.of(tokens);
    }
}
