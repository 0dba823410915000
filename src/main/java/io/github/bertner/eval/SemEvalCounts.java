package io.github.bertner.eval;

/**
 * SemEval-2013 task 9.1 counts for one scheme.
 *
 * @param correct COR
 * @param incorrect INC
 * @param partial PAR (only the {@link SemEvalScheme#PARTIAL} scheme uses it)
 * @param missed MIS
 * @param spurious SPU
 */
public record SemEvalCounts(long correct, long incorrect, long partial, long missed, long spurious) {

    /** No counts. */
    public static final SemEvalCounts ZERO = new SemEvalCounts(0, 0, 0, 0, 0);

    /**
     * POSSIBLE = COR + INC + PAR + MIS (the gold-side total).
     *
     * @return possible
     */
    public long possible() {
        return correct + incorrect + partial + missed;
    }

    /**
     * ACTUAL = COR + INC + PAR + SPU (the system-side total).
     *
     * @return actual
     */
    public long actual() {
        return correct + incorrect + partial + spurious;
    }

    /**
     * Precision: COR / ACTUAL, or (COR + 0.5·PAR) / ACTUAL in the partial scheme.
     *
     * @param scheme the scheme these counts belong to
     * @return precision, NaN when ACTUAL is 0
     */
    public double precision(SemEvalScheme scheme) {
        long actual = actual();
        return actual == 0 ? Double.NaN : credit(scheme) / actual;
    }

    /**
     * Recall: COR / POSSIBLE, or (COR + 0.5·PAR) / POSSIBLE in the partial scheme.
     *
     * @param scheme the scheme these counts belong to
     * @return recall, NaN when POSSIBLE is 0
     */
    public double recall(SemEvalScheme scheme) {
        long possible = possible();
        return possible == 0 ? Double.NaN : credit(scheme) / possible;
    }

    /**
     * F1 = 2·credit / (ACTUAL + POSSIBLE), equal to the harmonic mean of precision and recall.
     *
     * @param scheme the scheme these counts belong to
     * @return F1, NaN when both totals are 0
     */
    public double f1(SemEvalScheme scheme) {
        long denominator = actual() + possible();
        return denominator == 0 ? Double.NaN : 2 * credit(scheme) / denominator;
    }

    private double credit(SemEvalScheme scheme) {
        return scheme == SemEvalScheme.PARTIAL ? correct + 0.5 * partial : correct;
    }

    /**
     * Component-wise sum.
     *
     * @param o other counts
     * @return the sum
     */
    public SemEvalCounts plus(SemEvalCounts o) {
        return new SemEvalCounts(correct + o.correct, incorrect + o.incorrect, partial + o.partial,
                missed + o.missed, spurious + o.spurious);
    }
}
