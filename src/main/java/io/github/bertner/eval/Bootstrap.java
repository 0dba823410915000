package io.github.bertner.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Sentence-level bootstrap of strict micro F1.
 *
 * <p>Each sample draws as many sentences as the data has, with replacement, and recomputes F1 from the summed
 * per-sentence counts (correct, predicted and gold entities). The random generator is seeded, so the same
 * data and seed give the same interval.
 */
public final class Bootstrap {

    /** Default number of samples. */
    public static final int DEFAULT_SAMPLES = 1000;
    /** Default seed. */
    public static final long DEFAULT_SEED = 20131;

    private Bootstrap() {
    }

    /**
     * Percentile confidence interval of micro F1.
     *
     * @param counts per-sentence counts, {@code counts[i] = {correct, predicted, gold}}
     * @param samples number of bootstrap samples (at least 1)
     * @param seed random seed
     * @param level coverage in (0, 1), e.g. 0.95
     * @return the interval; bounds ignore samples whose F1 is undefined (no entity at all drawn)
     */
    public static ConfidenceInterval f1Interval(long[][] counts, int samples, long seed, double level) {
        if (samples < 1 || level <= 0 || level >= 1) {
            throw new IllegalArgumentException("expected samples >= 1 and 0 < level < 1, found samples=" + samples
                    + " level=" + level);
        }
        double estimate = f1(counts, null);
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[samples];
        int defined = 0;
        int[] draw = new int[counts.length];
        for (int s = 0; s < samples; s++) {
            fillDraw(random, draw);
            double v = f1(counts, draw);
            if (!Double.isNaN(v)) {
                values[defined++] = v;
            }
        }
        if (defined == 0) {
            return new ConfidenceInterval(estimate, Double.NaN, Double.NaN, level, samples, seed);
        }
        double[] sorted = Arrays.copyOf(values, defined);
        Arrays.sort(sorted);
        double alpha = (1 - level) / 2;
        return new ConfidenceInterval(estimate, quantile(sorted, alpha), quantile(sorted, 1 - alpha), level,
                samples, seed);
    }

    /**
     * Paired bootstrap test: resamples sentences once per sample for both systems and measures how often the
     * difference of F1 deviates from the observed one by at least its size (the null-centred bootstrap of
     * Berg-Kirkpatrick et al., 2012, two-sided). The p-value is {@code (k + 1) / (samples + 1)}, so it is never 0.
     *
     * @param countsA per-sentence counts of system A
     * @param countsB per-sentence counts of system B, same sentences
     * @param otherSystem name of B
     * @param samples number of samples
     * @param seed random seed
     * @return the test result
     */
    public static PairedTest pairedTest(long[][] countsA, long[][] countsB, String otherSystem, int samples,
                                        long seed) {
        if (countsA.length != countsB.length) {
            throw new IllegalArgumentException("expected the same number of sentences for both systems, found "
                    + countsA.length + " and " + countsB.length);
        }
        if (samples < 1) {
            throw new IllegalArgumentException("expected samples >= 1, found " + samples);
        }
        double f1A = f1(countsA, null);
        double f1B = f1(countsB, null);
        double delta = f1A - f1B;
        SplittableRandom random = new SplittableRandom(seed);
        int[] draw = new int[countsA.length];
        int extreme = 0;
        for (int s = 0; s < samples; s++) {
            fillDraw(random, draw);
            double d = nanToZero(f1(countsA, draw)) - nanToZero(f1(countsB, draw));
            if (Math.abs(d - delta) >= Math.abs(delta)) {
                extreme++;
            }
        }
        double p = (extreme + 1.0) / (samples + 1.0);
        return new PairedTest(otherSystem, f1A, f1B, delta, p, samples, seed);
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static void fillDraw(SplittableRandom random, int[] draw) {
        for (int i = 0; i < draw.length; i++) {
            draw[i] = random.nextInt(draw.length);
        }
    }

    private static double f1(long[][] counts, int[] draw) {
        long correct = 0;
        long predicted = 0;
        long gold = 0;
        int n = counts.length;
        for (int i = 0; i < n; i++) {
            long[] c = counts[draw == null ? i : draw[i]];
            correct += c[0];
            predicted += c[1];
            gold += c[2];
        }
        return Score.f1(correct, predicted, gold);
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
