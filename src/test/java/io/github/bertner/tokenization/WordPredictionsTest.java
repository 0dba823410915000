package io.github.bertner.tokenization;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordPredictionsTest {

    private final BertWordPieceTokenizer tokenizer = new BertWordPieceTokenizer(TestVocab.letters(),
            TokenizerSettings.cased());

    /** Scores a perfect model would give: the trained label at trained positions, noise elsewhere. */
    private static List<float[][]> oracleScores(List<EncodedWindow> windows, int labels, ScoreType type, long seed) {
        Random r = new Random(seed);
        List<float[][]> out = new ArrayList<>();
        for (EncodedWindow w : windows) {
            // one extra padded row, which must be ignored
            float[][] s = new float[w.length() + 1][labels];
            for (int p = 0; p < s.length; p++) {
                int gold = p < w.length() ? w.labelIds()[p] : EncodedWindow.IGNORE;
                double[] logits = new double[labels];
                for (int t = 0; t < labels; t++) {
                    logits[t] = gold == EncodedWindow.IGNORE ? 4 * r.nextGaussian() : t == gold ? 6 : r.nextGaussian();
                }
                double z = 0;
                for (double l : logits) {
                    z += Math.exp(l);
                }
                for (int t = 0; t < labels; t++) {
                    s[p][t] = (float) (type == ScoreType.LOGITS ? logits[t]
                            : type == ScoreType.LOG_PROBABILITIES ? logits[t] - Math.log(z) : Math.exp(logits[t]) / z);
                }
            }
            out.add(s);
        }
        return out;
    }

    @Test
    void decodeOfEncodeRoundTripsTagsForEveryAlignment() {
        TestData.Sentence doc = SequenceEncoderTest.randomDocument(600, 11);
        for (LabelAlignment a : LabelAlignment.values()) {
            for (ScoreType type : ScoreType.values()) {
                LabelSet set = LabelSet.fromTags(doc.tags(), a);
                SequenceEncoder enc = SequenceEncoder.builder().setTokenizer(tokenizer).setLabelSet(set)
                        .setAlignment(a).setMaxLength(40).setStride(10).build();
                List<EncodedWindow> windows = enc.encode(doc.words(), doc.begins(), doc.tags());
                assertTrue(windows.size() > 20);
                WordPredictions decoder = new WordPredictions(set, a, type);
                float[][] dist = decoder.decode(windows, oracleScores(windows, set.size(), type, 5), doc.words().size());
                assertEquals(doc.tags(), decoder.bestLabels(dist), a + " " + type);
                for (float[] d : dist) {
                    double sum = 0;
                    for (float v : d) {
                        sum += v;
                    }
                    assertEquals(1.0, sum, 1e-4);
                    if (set.hasX()) {
                        assertEquals(0f, d[set.xId()]);
                    }
                }
            }
        }
    }

    @Test
    void allCombinesFirstAndLastPiece() {
        List<String> tags = List.of("S-LOC");
        LabelSet set = LabelSet.fromTags(tags, LabelAlignment.ALL);
        SequenceEncoder enc = SequenceEncoder.builder().setTokenizer(tokenizer).setLabelSet(set)
                .setAlignment(LabelAlignment.ALL).setMaxLength(16).setStride(0).build();
        List<EncodedWindow> windows = enc.encode(List.of("xyz"), new int[] {0}, null);
        // [CLS] x ##y ##z [SEP]; first piece says B-LOC, last says E-LOC => the word is S-LOC
        float[][] s = new float[5][set.size()];
        s[1][set.id("B-LOC")] = 0.8f;
        s[1][set.id("O")] = 0.2f;
        s[3][set.id("E-LOC")] = 0.9f;
        s[3][set.id("O")] = 0.1f;
        s[2][set.id("I-LOC")] = 1f;
        WordPredictions decoder = new WordPredictions(set, LabelAlignment.ALL, ScoreType.PROBABILITIES);
        float[][] d = decoder.decode(windows, Collections.singletonList(s), 1);
        assertEquals(List.of("S-LOC"), decoder.bestLabels(d));
        assertEquals(0.72f / (0.72f + 0.02f), d[0][set.id("S-LOC")], 1e-5);
        // FIRST reads the first piece only
        WordPredictions first = new WordPredictions(set, LabelAlignment.FIRST, ScoreType.PROBABILITIES);
        assertEquals(List.of("B-LOC"), first.bestLabels(first.decode(windows, Collections.singletonList(s), 1)));
    }

    @Test
    void xProbabilityIsRemovedAndRenormalised() {
        LabelSet set = LabelSet.fromTags(List.of("O", "S-LOC"), LabelAlignment.X);
        SequenceEncoder enc = SequenceEncoder.builder().setTokenizer(tokenizer).setLabelSet(set)
                .setAlignment(LabelAlignment.X).setMaxLength(16).setStride(0).build();
        List<EncodedWindow> windows = enc.encode(List.of("a"), new int[] {0}, null);
        float[][] s = new float[3][set.size()];
        s[1][set.xId()] = 0.7f;
        s[1][set.id("S-LOC")] = 0.2f;
        s[1][set.id("O")] = 0.1f;
        float[][] d = new WordPredictions(set, LabelAlignment.X, ScoreType.PROBABILITIES).decode(windows, Collections.singletonList(s), 1);
        assertArrayEquals(new float[] {1f / 3, 2f / 3, 0f}, d[0], 1e-6f);
    }

    @Test
    void missingOrMalformedScoresAreErrors() {
        TestData.Sentence doc = SequenceEncoderTest.randomDocument(200, 2);
        LabelSet set = LabelSet.fromTags(doc.tags(), LabelAlignment.FIRST);
        SequenceEncoder enc = SequenceEncoder.builder().setTokenizer(tokenizer).setLabelSet(set)
                .setAlignment(LabelAlignment.FIRST).setMaxLength(32).setStride(8).build();
        List<EncodedWindow> windows = enc.encode(doc.words(), doc.begins(), doc.tags());
        WordPredictions decoder = new WordPredictions(set, LabelAlignment.FIRST, ScoreType.LOGITS);
        List<float[][]> scores = oracleScores(windows, set.size(), ScoreType.LOGITS, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> decoder.decode(windows.subList(0, windows.size() - 1), scores.subList(0, windows.size() - 1),
                        doc.words().size()));
        assertTrue(e.getMessage().startsWith("word "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> decoder.decode(windows, scores.subList(1, scores.size()),
                doc.words().size()));
        List<float[][]> narrow = new ArrayList<>(scores);
        narrow.set(0, new float[windows.get(0).length()][set.size() + 1]);
        assertThrows(IllegalArgumentException.class, () -> decoder.decode(windows, narrow, doc.words().size()));
        List<EncodedWindow> twice = new ArrayList<>(windows);
        twice.add(windows.get(0));
        List<float[][]> twiceScores = new ArrayList<>(scores);
        twiceScores.add(scores.get(0));
        assertThrows(IllegalArgumentException.class, () -> decoder.decode(twice, twiceScores, doc.words().size()));
    }
}
