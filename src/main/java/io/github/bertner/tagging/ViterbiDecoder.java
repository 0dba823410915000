package io.github.bertner.tagging;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Word-level decoding of label scores into a tag sequence: constrained Viterbi (the best sequence
 * that the tag scheme allows) or unconstrained argmax.
 *
 * <p>Scores are per-word label log-probabilities (any additive scores work); transitions carry no
 * learned weights, only the hard constraints of {@link TransitionConstraints}, so Viterbi returns
 * the valid sequence with the highest sum of word scores. Instances are immutable and thread-safe.
 */
public final class ViterbiDecoder {

    private final TransitionConstraints constraints;

    /**
     * @param constraints allowed start, end and transition labels
     */
    public ViterbiDecoder(TransitionConstraints constraints) {
        this.constraints = Objects.requireNonNull(constraints, "constraints");
    }

    /**
     * Convenience for {@code new ViterbiDecoder(TransitionConstraints.of(labels, scheme))}.
     *
     * @param labels label strings indexed by label id
     * @param scheme tag scheme of the labels
     * @return the decoder
     */
    public static ViterbiDecoder of(List<String> labels, TagScheme scheme) {
        return new ViterbiDecoder(TransitionConstraints.of(labels, scheme));
    }

    /** @return the constraints this decoder enforces */
    public TransitionConstraints constraints() {
        return constraints;
    }

    /**
     * Finds the highest-scoring label sequence the scheme allows.
     *
     * @param scores {@code [word][label]} log-probabilities; every row has one entry per label
     * @return one label id per word (empty for an empty sentence)
     * @throws IllegalArgumentException if a row has the wrong width, or a score is NaN
     */
    public int[] decode(float[][] scores) {
        int n = scores.length;
        int c = constraints.size();
        checkShape(scores, c);
        if (n == 0) {
            return new int[0];
        }
        double[] best = new double[c];
        int[][] back = new int[n][c];
        for (int j = 0; j < c; j++) {
            best[j] = constraints.allowedStart(j) ? scores[0][j] : Double.NEGATIVE_INFINITY;
        }
        double[] next = new double[c];
        for (int t = 1; t < n; t++) {
            for (int j = 0; j < c; j++) {
                double bestPrev = Double.NEGATIVE_INFINITY;
                int arg = -1;
                for (int i = 0; i < c; i++) {
                    if (constraints.allowed(i, j) && best[i] > bestPrev) {
                        bestPrev = best[i];
                        arg = i;
                    }
                }
                next[j] = arg < 0 ? Double.NEGATIVE_INFINITY : bestPrev + scores[t][j];
                back[t][j] = arg;
            }
            double[] swap = best;
            best = next;
            next = swap;
        }
        int last = -1;
        double bestEnd = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
            if (constraints.allowedEnd(j) && best[j] > bestEnd) {
                bestEnd = best[j];
                last = j;
            }
        }
        if (last < 0) {
            // only reachable when a score is -Infinity on every valid path (a zero probability):
            // an outside-only sequence is then still valid and the least surprising answer
            return fallback(scores);
        }
        int[] path = new int[n];
        path[n - 1] = last;
        for (int t = n - 1; t > 0; t--) {
            path[t - 1] = back[t][path[t]];
        }
        return path;
    }

    /**
     * Picks the best predictable label per word, ignoring transitions; the result may be an
     * invalid sequence under the scheme (decode it leniently).
     *
     * @param scores {@code [word][label]} scores
     * @return one label id per word
     */
    public int[] argmax(float[][] scores) {
        int c = constraints.size();
        checkShape(scores, c);
        int[] out = new int[scores.length];
        for (int t = 0; t < scores.length; t++) {
            int arg = -1;
            float bestScore = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                if (constraints.predictable(j) && (arg < 0 || scores[t][j] > bestScore)) {
                    bestScore = scores[t][j];
                    arg = j;
                }
            }
            out[t] = arg;
        }
        return out;
    }

    /**
     * Decodes with the given mode.
     *
     * @param scores {@code [word][label]} log-probabilities
     * @param mode   Viterbi or argmax
     * @return one label id per word
     */
    public int[] decode(float[][] scores, Decoding mode) {
        return mode == Decoding.VITERBI ? decode(scores) : argmax(scores);
    }

    /**
     * Decodes word label probabilities, as the predictor and the training-time evaluation produce them.
     *
     * @param probabilities {@code [word][label]} probabilities
     * @param mode          Viterbi or argmax
     * @return one label id per word
     */
    public int[] decodeProbabilities(float[][] probabilities, Decoding mode) {
        float[][] logProbs = new float[probabilities.length][];
        for (int w = 0; w < probabilities.length; w++) {
            logProbs[w] = new float[probabilities[w].length];
            for (int j = 0; j < logProbs[w].length; j++) {
                logProbs[w][j] = (float) Math.log(probabilities[w][j]);
            }
        }
        return decode(logProbs, mode);
    }

    private int[] fallback(float[][] scores) {
        int outside = constraints.labels().indexOf("O");
        if (outside < 0) {
            return argmax(scores);
        }
        int[] path = new int[scores.length];
        Arrays.fill(path, outside);
        return path;
    }

    private static void checkShape(float[][] scores, int labels) {
        for (int t = 0; t < scores.length; t++) {
            if (scores[t].length != labels) {
                throw new IllegalArgumentException("word " + t + ": expected " + labels + " label scores, found "
                        + scores[t].length);
            }
            for (float v : scores[t]) {
                if (Float.isNaN(v)) {
                    throw new IllegalArgumentException("word " + t + ": expected finite label scores, found NaN");
                }
            }
        }
    }
}
