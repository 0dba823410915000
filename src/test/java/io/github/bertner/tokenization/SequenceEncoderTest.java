package io.github.bertner.tokenization;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceEncoderTest {

    private static final int IGN = EncodedWindow.IGNORE;
    private static final List<String> WORDS = List.of("Blackburn", "unbelievable", "Rovers", "xyz", "«Москва»", ".");
    private static final List<String> TAGS = List.of("B-ORG", "I-ORG", "E-ORG", "O", "S-LOC", "O");
    private static final int[] BEGINS = {0, 10, 23, 30, 34, 42};

    private final BertWordPieceTokenizer tokenizer = new BertWordPieceTokenizer(TestVocab.small(),
            TokenizerSettings.cased());

    private SequenceEncoder encoder(LabelAlignment alignment, LabelSet labels, int maxLength, int stride,
                                    BertWordPieceTokenizer tok) {
        return SequenceEncoder.builder().setTokenizer(tok).setLabelSet(labels).setAlignment(alignment)
                .setMaxLength(maxLength).setStride(stride).build();
    }

    private int[] labelIds(LabelSet set, String... labels) {
        return Arrays.stream(labels).mapToInt(l -> l == null ? IGN : set.id(l)).toArray();
    }

    private EncodedWindow single(LabelAlignment alignment) {
        LabelSet set = LabelSet.fromTags(TAGS, alignment);
        List<EncodedWindow> windows = encoder(alignment, set, 32, 4, tokenizer).encode(WORDS, BEGINS, TAGS);
        assertEquals(1, windows.size());
        EncodedWindow w = windows.get(0);
        // [CLS] Black ##burn un ##bel ##ie ##vable Rovers [UNK] « Мос ##ква » . [SEP]
        assertEquals(15, w.length());
        assertArrayEquals(new int[] {-1, 0, 0, 1, 1, 1, 1, 2, 3, 4, 4, 4, 4, 5, -1}, w.wordIndex());
        WordPieceVocab v = tokenizer.vocab();
        assertEquals(v.clsId(), w.inputIds()[0]);
        assertEquals(v.sepId(), w.inputIds()[14]);
        assertEquals(v.unkId(), w.inputIds()[8]);
        assertEquals(v.id("##ква"), w.inputIds()[11]);
        boolean[] predict = new boolean[15];
        for (int p : new int[] {1, 3, 7, 8, 9, 13}) {
            predict[p] = true;
        }
        assertArrayEquals(predict, w.predictionMask());
        for (int p = 0; p < 15; p++) {
            assertEquals(w.labelIds()[p] != IGN, w.lossMask()[p], "loss mask at " + p);
        }
        assertEquals(0, w.firstWord());
        assertEquals(6, w.endWord());
        assertEquals(34, w.charBegin()[9]);
        assertEquals(42, w.charEnd()[12]);
        return w;
    }

    @Test
    void firstLabelsOnlyFirstPieces() {
        EncodedWindow w = single(LabelAlignment.FIRST);
        LabelSet set = LabelSet.fromTags(TAGS, LabelAlignment.FIRST);
        assertArrayEquals(labelIds(set, null, "B-ORG", null, "I-ORG", null, null, null, "E-ORG", "O", "S-LOC", null,
                null, null, "O", null), w.labelIds());
    }

    @Test
    void allLabelsEveryPieceWithContinuedTags() {
        EncodedWindow w = single(LabelAlignment.ALL);
        LabelSet set = LabelSet.fromTags(TAGS, LabelAlignment.ALL);
        assertArrayEquals(labelIds(set, null, "B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "E-ORG", "O",
                "B-LOC", "I-LOC", "I-LOC", "E-LOC", "O", null), w.labelIds());
    }

    @Test
    void xLabelsContinuationsWithX() {
        EncodedWindow w = single(LabelAlignment.X);
        LabelSet set = LabelSet.fromTags(TAGS, LabelAlignment.X);
        assertArrayEquals(labelIds(set, null, "B-ORG", "X", "I-ORG", "X", "X", "X", "E-ORG", "O", "S-LOC", "X", "X",
                "X", "O", null), w.labelIds());
    }

    @Test
    void predictionTimeHasNoLossButTheSamePredictionPositions() {
        LabelSet set = LabelSet.fromTags(TAGS, LabelAlignment.FIRST);
        EncodedWindow w = encoder(LabelAlignment.FIRST, set, 32, 4, tokenizer).encode(WORDS, BEGINS, null).get(0);
        assertTrue(Arrays.stream(w.labelIds()).allMatch(l -> l == IGN));
        for (boolean b : w.lossMask()) {
            assertFalse(b);
        }
        assertArrayEquals(single(LabelAlignment.FIRST).predictionMask(), w.predictionMask());
    }

    @Test
    void rejectsBadInputAndConfiguration() {
        LabelSet set = LabelSet.fromTags(TAGS, LabelAlignment.FIRST);
        SequenceEncoder enc = encoder(LabelAlignment.FIRST, set, 32, 4, tokenizer);
        List<String> badTags = new ArrayList<>(TAGS);
        badTags.set(2, "B-MISC");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> enc.encode(WORDS, BEGINS, badTags));
        assertTrue(e.getMessage().contains("word 2") && e.getMessage().contains("B-MISC"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> enc.encode(WORDS, new int[2], null));
        assertThrows(IllegalArgumentException.class, () -> encoder(LabelAlignment.X, set, 32, 4, tokenizer));
        assertThrows(IllegalArgumentException.class,
                () -> encoder(LabelAlignment.FIRST, LabelSet.fromTags(TAGS, LabelAlignment.X), 32, 4, tokenizer));
        assertThrows(IllegalArgumentException.class, () -> encoder(LabelAlignment.FIRST, set, 32, 30, tokenizer));
        assertThrows(IllegalArgumentException.class, () -> encoder(LabelAlignment.FIRST, set, 513, 0, tokenizer));
        assertTrue(enc.encode(List.of(), new int[0], List.of()).isEmpty());
        SequenceEncoder all = encoder(LabelAlignment.ALL, LabelSet.of(List.of("O", "S-LOC")), 32, 4, tokenizer);
        e = assertThrows(IllegalArgumentException.class,
                () -> all.encode(List.of("«Москва»"), new int[1], List.of("S-LOC")));
        assertTrue(e.getMessage().contains("B-LOC"), e.getMessage());
    }

    /** A random document of lower-case words, split into letter pieces of varying number. */
    static TestData.Sentence randomDocument(int words, long seed) {
        Random r = new Random(seed);
        List<String> ws = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        int[] begins = new int[words];
        int pos = 0;
        while (ws.size() < words) {
            int entity = r.nextInt(7) == 0 ? 1 + r.nextInt(3) : 0;
            String type = r.nextBoolean() ? "PER" : "LOC";
            int n = Math.min(Math.max(1, entity), words - ws.size());
            for (int k = 0; k < n; k++) {
                int len = 1 + r.nextInt(12);
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < len; i++) {
                    sb.append((char) ('a' + r.nextInt(26)));
                }
                if (r.nextInt(10) == 0) {
                    sb.append(r.nextBoolean() ? "." : ",");
                }
                begins[ws.size()] = pos;
                pos += sb.length() + 1;
                ws.add(sb.toString());
                tags.add(entity == 0 ? "O" : n == 1 ? "S-" + type
                        : k == 0 ? "B-" + type : k == n - 1 ? "E-" + type : "I-" + type);
            }
        }
        return new TestData.Sentence(ws, begins, tags);
    }

    @Test
    void longDocumentIsWindowedWithEveryWordPredictedOnceWithMostContext() {
        BertWordPieceTokenizer tok = new BertWordPieceTokenizer(TestVocab.letters(), TokenizerSettings.cased());
        TestData.Sentence doc = randomDocument(2000, 7);
        LabelSet set = LabelSet.fromTags(doc.tags(), LabelAlignment.FIRST);
        int maxLength = 128;
        int stride = 32;
        List<EncodedWindow> windows = encoder(LabelAlignment.FIRST, set, maxLength, stride, tok)
                .encode(doc.words(), doc.begins(), doc.tags());
        List<List<Piece>> pieces = tok.tokenizeWordsGrouped(doc.words(), doc.begins());
        int total = pieces.stream().mapToInt(List::size).sum();
        assertTrue(windows.size() >= total / (maxLength - 2 - stride), windows.size() + " windows for " + total);

        int[] predictions = new int[doc.words().size()];
        List<Integer> predicted = new ArrayList<>();
        for (int k = 0; k < windows.size(); k++) {
            EncodedWindow w = windows.get(k);
            assertTrue(w.length() <= maxLength);
            assertEquals(tok.vocab().clsId(), w.inputIds()[0]);
            assertEquals(tok.vocab().sepId(), w.inputIds()[w.length() - 1]);
            assertFalse(w.lossMask()[0] || w.lossMask()[w.length() - 1] || w.predictionMask()[0]
                    || w.predictionMask()[w.length() - 1]);
            // whole words only, in order
            int p = 1;
            for (int word = w.firstWord(); word < w.endWord(); word++) {
                for (Piece piece : pieces.get(word)) {
                    assertEquals(piece.id(), w.inputIds()[p]);
                    assertEquals(word, w.wordIndex()[p]);
                    assertEquals(piece.begin(), w.charBegin()[p]);
                    p++;
                }
            }
            assertEquals(w.length() - 1, p);
            if (k > 0) {
                EncodedWindow prev = windows.get(k - 1);
                assertTrue(w.firstWord() > prev.firstWord() && w.endWord() > prev.endWord());
                int overlap = 0;
                for (int word = w.firstWord(); word < prev.endWord(); word++) {
                    overlap += pieces.get(word).size();
                }
                assertTrue(overlap <= stride, "overlap " + overlap);
                assertTrue(w.firstWord() <= prev.endWord(), "no gap between windows");
            }
            for (int q = 0; q < w.length(); q++) {
                if (w.predictionMask()[q]) {
                    int word = w.wordIndex()[q];
                    predictions[word]++;
                    assertTrue(q == 1 || w.wordIndex()[q - 1] != word, "first piece");
                    assertEquals(bestWindow(windows, pieces, word), k, "window of word " + word);
                    predicted.addAll(ids(w, word));
                }
            }
        }
        assertEquals(windows.get(windows.size() - 1).endWord(), doc.words().size());
        for (int word = 0; word < predictions.length; word++) {
            assertEquals(1, predictions[word], "predictions of word " + word);
        }
        // pieces round trip: each word's pieces, taken from its prediction window, rebuild the document
        List<Integer> all = new ArrayList<>();
        pieces.forEach(wp -> wp.forEach(piece -> all.add(piece.id())));
        assertEquals(all, predicted);
    }

    private static List<Integer> ids(EncodedWindow w, int word) {
        List<Integer> out = new ArrayList<>();
        for (int q = 0; q < w.length(); q++) {
            if (w.wordIndex()[q] == word) {
                out.add(w.inputIds()[q]);
            }
        }
        return out;
    }

    /** Independent brute force: the window maximising min(left, right), then left + right, then earliest. */
    private static int bestWindow(List<EncodedWindow> windows, List<List<Piece>> pieces, int word) {
        int best = -1;
        int bestMin = -1;
        int bestSum = -1;
        for (int k = 0; k < windows.size(); k++) {
            EncodedWindow w = windows.get(k);
            int first = -1;
            int last = -1;
            for (int q = 0; q < w.length(); q++) {
                if (w.wordIndex()[q] == word) {
                    first = first < 0 ? q : first;
                    last = q;
                }
            }
            if (first < 0) {
                continue;
            }
            int left = first - 1;
            int right = w.length() - 2 - last;
            if (Math.min(left, right) > bestMin || (Math.min(left, right) == bestMin && left + right > bestSum)) {
                best = k;
                bestMin = Math.min(left, right);
                bestSum = left + right;
            }
        }
        return best;
    }

    @Test
    void strideZeroGivesDisjointWindows() {
        BertWordPieceTokenizer tok = new BertWordPieceTokenizer(TestVocab.letters(), TokenizerSettings.cased());
        TestData.Sentence doc = randomDocument(500, 3);
        List<EncodedWindow> windows = encoder(LabelAlignment.FIRST, LabelSet.fromTags(doc.tags(), LabelAlignment.FIRST),
                64, 0, tok).encode(doc.words(), doc.begins(), null);
        for (int k = 1; k < windows.size(); k++) {
            assertEquals(windows.get(k - 1).endWord(), windows.get(k).firstWord());
        }
    }

    @Test
    void wordLongerThanAWindowIsTruncatedButPredicted() {
        BertWordPieceTokenizer tok = new BertWordPieceTokenizer(TestVocab.letters(), TokenizerSettings.cased());
        List<String> words = List.of("ab", "abcdefghij", "cd");
        List<String> tags = List.of("O", "S-LOC", "O");
        LabelSet set = LabelSet.fromTags(tags, LabelAlignment.ALL);
        List<EncodedWindow> windows = encoder(LabelAlignment.ALL, set, 8, 2, tok).encode(words, new int[] {0, 3, 14}, tags);
        assertEquals(3, windows.size());
        EncodedWindow longWord = windows.get(1);
        assertEquals(8, longWord.length());
        assertArrayEquals(new int[] {-1, 1, 1, 1, 1, 1, 1, -1}, longWord.wordIndex());
        assertTrue(longWord.predictionMask()[1]);
        assertArrayEquals(labelIds(set, null, "B-LOC", "I-LOC", "I-LOC", "I-LOC", "I-LOC", "E-LOC", null),
                longWord.labelIds());
        int predictedWords = 0;
        for (EncodedWindow w : windows) {
            for (boolean b : w.predictionMask()) {
                predictedWords += b ? 1 : 0;
            }
        }
        assertEquals(3, predictedWords);
    }

    @Test
    void realDocumentsEncodeWithEveryWordPredictedOnce() throws Exception {
        List<TestData.Sentence> sentences = TestData.conll("conll2003-en/eng.testa", 400);
        List<String> words = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        for (TestData.Sentence s : sentences) {
            words.addAll(s.words());
            tags.addAll(s.tags());
        }
        int[] begins = new int[words.size()];
        for (int i = 1; i < begins.length; i++) {
            begins[i] = begins[i - 1] + words.get(i - 1).length() + 1;
        }
        WordPieceVocab vocab = VocabBuilder.builder().setVocabSize(2000).build().train(TestData.lines(sentences));
        BertWordPieceTokenizer tok = new BertWordPieceTokenizer(vocab, TokenizerSettings.cased());
        for (LabelAlignment a : LabelAlignment.values()) {
            LabelSet set = LabelSet.fromTags(tags, a);
            List<EncodedWindow> windows = encoder(a, set, 128, 32, tok).encode(words, begins, tags);
            int[] count = new int[words.size()];
            for (EncodedWindow w : windows) {
                for (int q = 0; q < w.length(); q++) {
                    if (w.predictionMask()[q]) {
                        count[w.wordIndex()[q]]++;
                        assertTrue(w.lossMask()[q], "first pieces are always trained");
                    }
                }
            }
            assertTrue(Arrays.stream(count).allMatch(c -> c == 1), "alignment " + a);
        }
    }
}
