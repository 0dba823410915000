package io.github.bertner.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bertner.tagging.DecodeMode;
import io.github.bertner.tagging.Decoding;
import io.github.bertner.tagging.TagCodec;
import io.github.bertner.tagging.TagScheme;
import io.github.bertner.tokenization.EncodedWindow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NerPredictorTest {

    @TempDir
    static Path tmp;

    private static Path modelDir;
    private static NerPredictor predictor;

    @BeforeAll
    static void setUp() throws Exception {
        modelDir = TinyModels.write(tmp.resolve("model"), 32, 8, 11);
        predictor = NerPredictor.builder(modelDir).optDevice("cpu").optBatchSize(8).build();
    }

    @AfterAll
    static void tearDown() {
        if (predictor != null) {
            predictor.close();
        }
    }

    @Test
    void everyWordGetsATagAndDistribution() {
        List<String> words = TinyModels.words(12, new Random(1));
        SentencePrediction p = predictor.predict(words);
        assertEquals(words.size(), p.tags().size());
        for (int w = 0; w < words.size(); w++) {
            assertTrue(TinyModels.LABELS.contains(p.tags().get(w)));
            double sum = 0;
            for (int j = 0; j < TinyModels.LABELS.size(); j++) {
                sum += p.probability(w, j);
            }
            assertEquals(1.0, sum, 1e-4);
        }
        for (EntityPrediction e : p.entities()) {
            assertTrue(e.confidence() >= 0 && e.confidence() <= 1);
        }
        assertTrue(TagCodec.decode(p.tags(), TagScheme.IOB2, DecodeMode.STRICT).errors().isEmpty(),
                "Viterbi output is a valid IOB2 sequence: " + p.tags());
    }

    @Test
    void longDocumentIsWindowedAndEveryWordPredictedOnce() {
        List<String> words = TinyModels.words(2000, new Random(2));
        List<EncodedWindow> windows = predictor.encoder().encode(words, new int[words.size()], null);
        assertTrue(windows.size() > 100, "2,000 multi-piece words need many 32-piece windows, got " + windows.size());
        int[] predicted = new int[words.size()];
        for (EncodedWindow w : windows) {
            for (int p = 0; p < w.length(); p++) {
                if (w.predictionMask()[p]) {
                    predicted[w.wordIndex()[p]]++;
                }
            }
        }
        for (int i = 0; i < predicted.length; i++) {
            assertEquals(1, predicted[i], "word " + i);
        }
        SentencePrediction p = predictor.predict(words);
        assertEquals(words.size(), p.tags().size());
        assertEquals(words.size(), p.probabilities().length);
        assertTrue(TagCodec.decode(p.tags(), TagScheme.IOB2, DecodeMode.STRICT).errors().isEmpty());
    }

    @Test
    void batchSizeDoesNotChangePredictions() throws Exception {
        Random random = new Random(3);
        List<List<String>> sentences = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            sentences.add(TinyModels.words(1 + random.nextInt(40), random));
        }
        List<SentencePrediction> eight = predictor.predictAll(sentences);
        try (NerPredictor one = NerPredictor.builder(modelDir).optDevice("cpu").optBatchSize(1).build()) {
            List<SentencePrediction> single = one.predictAll(sentences);
            for (int s = 0; s < sentences.size(); s++) {
                assertDistributionsEqual(single.get(s), eight.get(s), "sentence " + s);
                assertEquals(single.get(s).tags(), eight.get(s).tags());
            }
        }
    }

    /** The padding lesson: a short sentence padded next to a long one predicts as it does alone. */
    @Test
    void predictionsDoNotDependOnPadding() {
        Random random = new Random(4);
        List<String> shortSentence = TinyModels.words(3, random);
        List<String> longSentence = TinyModels.words(25, random);
        SentencePrediction alone = predictor.predict(shortSentence);
        SentencePrediction padded = predictor.predictAll(List.of(longSentence, shortSentence)).get(1);
        assertDistributionsEqual(alone, padded, "short sentence");
    }

    @Test
    void argmaxAndViterbiAgreeOnValidSequences() throws Exception {
        List<String> words = TinyModels.words(40, new Random(5));
        try (NerPredictor argmax = NerPredictor.builder(modelDir).optDevice("cpu")
                .optDecoding(Decoding.ARGMAX).build()) {
            SentencePrediction a = argmax.predict(words);
            SentencePrediction v = predictor.predict(words);
            assertDistributionsEqual(a, v, "same model");
            if (TagCodec.decode(a.tags(), TagScheme.IOB2, DecodeMode.STRICT).errors().isEmpty()) {
                assertEquals(a.tags(), v.tags(), "when argmax is valid it is also the Viterbi path");
            }
        }
    }

    @Test
    void emptySentence() {
        SentencePrediction p = predictor.predict(List.of());
        assertEquals(0, p.size());
        assertTrue(p.entities().isEmpty());
    }

    private static void assertDistributionsEqual(SentencePrediction a, SentencePrediction b, String what) {
        assertEquals(a.size(), b.size(), what);
        for (int w = 0; w < a.size(); w++) {
            for (int j = 0; j < a.probabilities()[w].length; j++) {
                assertEquals(a.probabilities()[w][j], b.probabilities()[w][j], 1e-4, what + " word " + w);
            }
        }
    }
}
