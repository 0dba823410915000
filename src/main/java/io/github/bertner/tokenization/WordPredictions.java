package io.github.bertner.tokenization;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads per-word label distributions out of per-window, per-position model scores, using the
 * prediction positions chosen by {@link SequenceEncoder} and the same {@link LabelAlignment}.
 *
 * <p>Every word gets exactly one distribution, a probability vector indexed by label id that sums
 * to 1. The "X" label of {@link LabelAlignment#X} always gets 0. For {@link LabelAlignment#FIRST}
 * and {@link LabelAlignment#X} the distribution is the first piece's, renormalised without "X";
 * for {@link LabelAlignment#ALL} it combines first and last piece as documented there.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class WordPredictions {

    private final LabelSet labels;
    private final LabelAlignment alignment;
    private final ScoreType scoreType;
    /** For ALL: the label ids on the first and last piece of a multi-piece word of each label, -1 if absent. */
    private final int[] firstPieceLabel;
    private final int[] lastPieceLabel;

    /**
     * Creates a decoder.
     *
     * @param labels    the label set the model predicts
     * @param alignment the alignment used at training
     * @param scoreType what the scores are
     */
    public WordPredictions(LabelSet labels, LabelAlignment alignment, ScoreType scoreType) {
        this.labels = Objects.requireNonNull(labels, "labels");
        this.alignment = Objects.requireNonNull(alignment, "alignment");
        this.scoreType = Objects.requireNonNull(scoreType, "scoreType");
        int n = labels.size();
        firstPieceLabel = new int[n];
        lastPieceLabel = new int[n];
        for (int t = 0; t < n; t++) {
            String[] tags = alignment.pieceTags(labels.label(t), 2);
            firstPieceLabel[t] = labels.indexOf(tags[0]);
            lastPieceLabel[t] = labels.indexOf(tags[1]);
        }
    }

    /**
     * Word distributions from scores given as one array per window.
     *
     * @param windows   the windows of one sequence, as returned by {@link SequenceEncoder#encode}
     * @param scores    for each window, {@code [position][label]} scores; rows beyond the window's
     *                  length (padding) are ignored
     * @param wordCount number of words of the sequence
     * @return {@code [word][label]} probabilities
     * @throws IllegalArgumentException when shapes do not match, or a word has no or two
     *                                  prediction positions
     */
    public float[][] decode(List<EncodedWindow> windows, List<float[][]> scores, int wordCount) {
        if (windows.size() != scores.size()) {
            throw new IllegalArgumentException("expected scores for " + windows.size() + " windows, found "
                    + scores.size());
        }
        float[][] out = new float[wordCount][];
        for (int k = 0; k < windows.size(); k++) {
            EncodedWindow window = windows.get(k);
            float[][] s = scores.get(k);
            if (s.length < window.length()) {
                throw new IllegalArgumentException("window " + k + ": expected scores for " + window.length()
                        + " positions, found " + s.length);
            }
            int[] wordIndex = window.wordIndex();
            for (int p = 0; p < window.length(); p++) {
                if (!window.predictionMask()[p]) {
                    continue;
                }
                int w = wordIndex[p];
                if (w < 0 || w >= wordCount) {
                    throw new IllegalArgumentException("window " + k + ", position " + p + ": expected a word in [0, "
                            + wordCount + "), found " + w);
                }
                if (out[w] != null) {
                    throw new IllegalArgumentException("word " + w + ": expected one prediction position, found a "
                            + "second one in window " + k + " at position " + p);
                }
                int last = p;
                while (last + 1 < window.length() && wordIndex[last + 1] == w) {
                    last++;
                }
                out[w] = wordDistribution(probabilities(s[p], k, p), last == p ? null : probabilities(s[last], k, last));
            }
        }
        for (int w = 0; w < wordCount; w++) {
            if (out[w] == null) {
                throw new IllegalArgumentException("word " + w + ": expected a prediction position, found none in "
                        + windows.size() + " windows");
            }
        }
        return out;
    }

    /**
     * Word distributions from scores given as one {@code [window][position][label]} array.
     *
     * @param windows   the windows of one sequence
     * @param scores    scores per window, position and label
     * @param wordCount number of words of the sequence
     * @return {@code [word][label]} probabilities
     */
    public float[][] decode(List<EncodedWindow> windows, float[][][] scores, int wordCount) {
        return decode(windows, Arrays.asList(scores), wordCount);
    }

    /**
     * The most probable label of each word (ties: lower id).
     *
     * @param distributions {@code [word][label]} probabilities from {@link #decode}
     * @return one label per word
     */
    public List<String> bestLabels(float[][] distributions) {
        List<String> out = new ArrayList<>(distributions.length);
        for (float[] d : distributions) {
            int best = 0;
            for (int t = 1; t < d.length; t++) {
                if (d[t] > d[best]) {
                    best = t;
                }
            }
            out.add(labels.label(best));
        }
        return out;
    }

    private float[] probabilities(float[] scores, int window, int position) {
        if (scores.length != labels.size()) {
            throw new IllegalArgumentException("window " + window + ", position " + position + ": expected "
                    + labels.size() + " label scores, found " + scores.length);
        }
        double[] p = new double[scores.length];
        switch (scoreType) {
            case PROBABILITIES:
                for (int t = 0; t < p.length; t++) {
                    p[t] = scores[t];
                }
                break;
            case LOG_PROBABILITIES:
                for (int t = 0; t < p.length; t++) {
                    p[t] = Math.exp(scores[t]);
                }
                break;
            case LOGITS:
                double max = Double.NEGATIVE_INFINITY;
                for (float s : scores) {
                    max = Math.max(max, s);
                }
                for (int t = 0; t < p.length; t++) {
                    p[t] = Math.exp(scores[t] - max);
                }
                break;
            default:
                throw new IllegalStateException("unhandled score type " + scoreType);
        }
        float[] out = new float[p.length];
        for (int t = 0; t < p.length; t++) {
            if (!(p[t] >= 0) || Double.isInfinite(p[t])) {
                throw new IllegalArgumentException("window " + window + ", position " + position
                        + ": expected finite non-negative probabilities, found " + scores[t] + " for label "
                        + labels.label(t));
            }
            out[t] = (float) p[t];
        }
        return out;
    }

    /** The word's distribution from its first piece and, for ALL multi-piece words, its last piece. */
    private float[] wordDistribution(float[] first, float[] last) {
        int n = labels.size();
        double[] d = new double[n];
        if (alignment == LabelAlignment.ALL && last != null) {
            for (int t = 0; t < n; t++) {
                int f = firstPieceLabel[t];
                int l = lastPieceLabel[t];
                d[t] = f < 0 || l < 0 ? 0 : (double) first[f] * last[l];
            }
            if (normalise(d)) {
                return toFloat(d);
            }
        }
        for (int t = 0; t < n; t++) {
            d[t] = t == labels.xId() ? 0 : first[t];
        }
        if (!normalise(d)) {
            // every word label has zero probability: spread evenly rather than invent a winner
            for (int t = 0; t < n; t++) {
                d[t] = t == labels.xId() ? 0 : 1;
            }
            normalise(d);
        }
        return toFloat(d);
    }

    private static boolean normalise(double[] d) {
        double sum = 0;
        for (double v : d) {
            sum += v;
        }
        if (!(sum > 0)) {
            return false;
        }
        for (int t = 0; t < d.length; t++) {
            d[t] /= sum;
        }
        return true;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int t = 0; t < d.length; t++) {
            f[t] = (float) d[t];
        }
        return f;
    }
}
