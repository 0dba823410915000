package io.github.bertner.tagging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ViterbiDecoderTest {

    private static final List<String> IOB2 = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");
    private static final List<String> BIOES = List.of("O", "B-PER", "I-PER", "E-PER", "S-PER");

    /** Row of log-probabilities from probabilities given in label order. */
    private static float[] logp(double... probs) {
        float[] row = new float[probs.length];
        for (int i = 0; i < probs.length; i++) {
            row[i] = (float) Math.log(probs[i]);
        }
        return row;
    }

    private static List<String> tags(List<String> labels, int[] ids) {
        List<String> out = new ArrayList<>();
        for (int id : ids) {
            out.add(labels.get(id));
        }
        return out;
    }

    @Test
    void iob2SentenceCannotStartInsideChunk() {
        ViterbiDecoder decoder = ViterbiDecoder.of(IOB2, TagScheme.IOB2);
        float[][] scores = {
                logp(0.1, 0.3, 0.4, 0.1, 0.1),
                logp(0.1, 0.1, 0.6, 0.1, 0.1)};
        assertEquals(List.of("I-PER", "I-PER"), tags(IOB2, decoder.argmax(scores)));
        // valid alternatives: B-PER I-PER = .3*.6 = .18 beats O B-PER = .01, B-PER O = .03 ...
        assertEquals(List.of("B-PER", "I-PER"), tags(IOB2, decoder.decode(scores)));
    }

    @Test
    void iob2InsideMustKeepType() {
        ViterbiDecoder decoder = ViterbiDecoder.of(IOB2, TagScheme.IOB2);
        float[][] scores = {
                logp(0.2, 0.5, 0.0001, 0.2999, 0.0),
                logp(0.2, 0.0001, 0.35, 0.0, 0.4499)};
        assertEquals(List.of("B-PER", "I-LOC"), tags(IOB2, decoder.argmax(scores)));
        // B-PER I-PER = .175, B-LOC I-LOC = .135, B-PER O = .1
        assertEquals(List.of("B-PER", "I-PER"), tags(IOB2, decoder.decode(scores)));
    }

    @Test
    void bioesRespectsEndState() {
        ViterbiDecoder decoder = ViterbiDecoder.of(BIOES, TagScheme.BIOES);
        float[][] single = {logp(0.02, 0.9, 0.0, 0.0, 0.08)};
        assertEquals(List.of("B-PER"), tags(BIOES, decoder.argmax(single)));
        assertEquals(List.of("S-PER"), tags(BIOES, decoder.decode(single)));

        float[][] two = {
                logp(0.0, 0.6, 0.0, 0.0, 0.4),
                logp(0.7, 0.0, 0.0, 0.3, 0.0)};
        assertEquals(List.of("B-PER", "O"), tags(BIOES, decoder.argmax(two)));
        // B-PER E-PER = .18 loses to S-PER O = .28
        assertEquals(List.of("S-PER", "O"), tags(BIOES, decoder.decode(two)));
    }

    @Test
    void bioesClosesChunkThroughInside() {
        ViterbiDecoder decoder = ViterbiDecoder.of(BIOES, TagScheme.BIOES);
        float[][] scores = {
                logp(0.1, 0.8, 0.05, 0.0, 0.05),
                logp(0.5, 0.0, 0.4, 0.1, 0.0),
                logp(0.1, 0.0, 0.1, 0.8, 0.0)};
        assertEquals(List.of("B-PER", "O", "E-PER"), tags(BIOES, decoder.argmax(scores)));
        // B I E = .8*.4*.8 = .256; B E O = .8*.1*.1 = .008; S O O ... = .05*.5*.1
        assertEquals(List.of("B-PER", "I-PER", "E-PER"), tags(BIOES, decoder.decode(scores)));
    }

    @Test
    void iob1InsideMayStartButBeginMayNot() {
        ViterbiDecoder decoder = ViterbiDecoder.of(IOB2, TagScheme.IOB1);
        float[][] scores = {
                logp(0.1, 0.5, 0.4, 0.0, 0.0),
                logp(0.1, 0.6, 0.3, 0.0, 0.0)};
        assertEquals(List.of("B-PER", "B-PER"), tags(IOB2, decoder.argmax(scores)));
        // B-PER cannot open a sentence: I-PER B-PER = .4*.6 = .24 beats I-PER I-PER = .12
        assertEquals(List.of("I-PER", "B-PER"), tags(IOB2, decoder.decode(scores)));
    }

    @Test
    void ioAllowsEverything() {
        List<String> labels = List.of("O", "I-PER", "I-LOC");
        ViterbiDecoder decoder = ViterbiDecoder.of(labels, TagScheme.IO);
        Random random = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            float[][] scores = randomScores(random, 6, labels.size());
            assertArrayEquals(decoder.argmax(scores), decoder.decode(scores));
        }
    }

    @Test
    void xLabelIsNeverPredicted() {
        List<String> labels = List.of("O", "B-PER", "I-PER", "X");
        ViterbiDecoder decoder = ViterbiDecoder.of(labels, TagScheme.IOB2);
        float[][] scores = {logp(0.1, 0.2, 0.1, 0.6), logp(0.1, 0.1, 0.2, 0.6)};
        assertEquals(List.of("B-PER", "I-PER"), tags(labels, decoder.argmax(scores)));
        assertEquals(List.of("B-PER", "I-PER"), tags(labels, decoder.decode(scores)));
        assertFalse(decoder.constraints().predictable(3));
    }

    @Test
    void rejectsLabelsOutsideScheme() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransitionConstraints.of(List.of("O", "S-PER"), TagScheme.IOB2));
        assertTrue(e.getMessage().contains("S-PER"), e.getMessage());
    }

    @Test
    void rejectsWrongRowWidth() {
        ViterbiDecoder decoder = ViterbiDecoder.of(IOB2, TagScheme.IOB2);
        assertThrows(IllegalArgumentException.class, () -> decoder.decode(new float[][] {{0f, 0f}}));
    }

    @Test
    void emptySentence() {
        ViterbiDecoder decoder = ViterbiDecoder.of(IOB2, TagScheme.IOB2);
        assertEquals(0, decoder.decode(new float[0][]).length);
        assertEquals(0, decoder.argmax(new float[0][]).length);
    }

    /** Viterbi equals exhaustive search over valid sequences, and its output decodes strictly without errors. */
    @Test
    void matchesBruteForceForEveryScheme() {
        Random random = new Random(42);
        for (TagScheme scheme : TagScheme.values()) {
            List<String> labels = labelsFor(scheme);
            ViterbiDecoder decoder = ViterbiDecoder.of(labels, scheme);
            for (int trial = 0; trial < 40; trial++) {
                int n = 1 + random.nextInt(4);
                float[][] scores = randomScores(random, n, labels.size());
                int[] path = decoder.decode(scores);
                double best = bruteForce(decoder.constraints(), scores);
                assertEquals(best, score(scores, path), 1e-4, scheme + " trial " + trial);
                assertTrue(valid(decoder.constraints(), path), scheme + " produced invalid path");
                DecodeResult result = TagCodec.decode(tags(labels, path), scheme, DecodeMode.STRICT);
                assertTrue(result.errors().isEmpty(), scheme + " " + tags(labels, path) + " " + result.errors());
            }
        }
    }

    private static List<String> labelsFor(TagScheme scheme) {
        List<String> prefixes = switch (scheme) {
            case IO -> List.of("I");
            case IOB1, IOB2 -> List.of("B", "I");
            case IOE1, IOE2 -> List.of("I", "E");
            case BIOES -> List.of("B", "I", "E", "S");
        };
        List<String> labels = new ArrayList<>(List.of("O"));
        for (String type : List.of("PER", "LOC")) {
            for (String p : prefixes) {
                labels.add(p + "-" + type);
            }
        }
        return labels;
    }

    private static float[][] randomScores(Random random, int n, int c) {
        float[][] scores = new float[n][c];
        for (int t = 0; t < n; t++) {
            double[] p = new double[c];
            double sum = 0;
            for (int j = 0; j < c; j++) {
                p[j] = random.nextDouble() + 1e-3;
                sum += p[j];
            }
            for (int j = 0; j < c; j++) {
                scores[t][j] = (float) Math.log(p[j] / sum);
            }
        }
        return scores;
    }

    private static double score(float[][] scores, int[] path) {
        double s = 0;
        for (int t = 0; t < path.length; t++) {
            s += scores[t][path[t]];
        }
        return s;
    }

    private static boolean valid(TransitionConstraints c, int[] path) {
        if (!c.allowedStart(path[0]) || !c.allowedEnd(path[path.length - 1])) {
            return false;
        }
        for (int t = 1; t < path.length; t++) {
            if (!c.allowed(path[t - 1], path[t])) {
                return false;
            }
        }
        return true;
    }

    private static double bruteForce(TransitionConstraints c, float[][] scores) {
        int n = scores.length;
        int k = c.size();
        int[] path = new int[n];
        double best = Double.NEGATIVE_INFINITY;
        int total = (int) Math.pow(k, n);
        for (int code = 0; code < total; code++) {
            int rest = code;
            for (int t = 0; t < n; t++) {
                path[t] = rest % k;
                rest /= k;
            }
            if (valid(c, path)) {
                best = Math.max(best, score(scores, path));
            }
        }
        return best;
    }
}
