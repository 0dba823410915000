package io.github.bertner.eval;

/**
 * Counts behind a precision / recall / F1 triple.
 *
 * @param correct true positives
 * @param predicted number of predicted items (true + false positives)
 * @param gold number of gold items (true positives + false negatives)
 */
public record Score(long correct, long predicted, long gold) {

    /** An empty score (no items). */
    public static final Score ZERO = new Score(0, 0, 0);

    /**
     * Validates the counts.
     *
     * @param correct true positives
     * @param predicted predicted items
     * @param gold gold items
     */
    public Score {
        if (correct < 0 || correct > predicted || correct > gold) {
            throw new IllegalArgumentException("expected 0 <= correct <= min(predicted, gold), found correct="
                    + correct + " predicted=" + predicted + " gold=" + gold);
        }
    }

    /**
     * Precision = correct / predicted.
     *
     * @return precision in [0, 1], NaN when nothing was predicted
     */
    public double precision() {
        return predicted == 0 ? Double.NaN : (double) correct / predicted;
    }

    /**
     * Recall = correct / gold.
     *
     * @return recall in [0, 1], NaN when there is no gold item
     */
    public double recall() {
        return gold == 0 ? Double.NaN : (double) correct / gold;
    }

    /**
     * F1 = 2·correct / (predicted + gold), the harmonic mean of precision and recall where both exist.
     *
     * @return F1 in [0, 1], NaN when there is neither a gold nor a predicted item
     */
    public double f1() {
        return f1(correct, predicted, gold);
    }

    /**
     * F1 from raw counts, without allocating (used by the bootstrap).
     *
     * @param correct true positives
     * @param predicted predicted items
     * @param gold gold items
     * @return F1, NaN when {@code predicted + gold == 0}
     */
    public static double f1(long correct, long predicted, long gold) {
        long denominator = predicted + gold;
        return denominator == 0 ? Double.NaN : 2.0 * correct / denominator;
    }

    /**
     * Component-wise sum (micro averaging).
     *
     * @param other other counts
     * @return the sum
     */
    public Score plus(Score other) {
        return new Score(correct + other.correct, predicted + other.predicted, gold + other.gold);
    }
}
