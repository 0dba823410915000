package io.github.bertner.eval;

import java.util.Collection;

/**
 * Unweighted mean of per-type precision, recall and F1: every entity type counts the same however
 * frequent it is, which the micro average (counts summed over types) hides. A per-type value that is
 * undefined (a type never predicted has no precision) counts as 0, as conlleval prints it, so a type the
 * system never finds pulls the average down instead of dropping out of it.
 *
 * @param precision mean per-type precision in [0, 1], NaN without types
 * @param recall    mean per-type recall in [0, 1], NaN without types
 * @param f1        mean per-type F1 in [0, 1], NaN without types
 * @param types     number of types averaged
 */
public record MacroAverage(double precision, double recall, double f1, int types) {

    /**
     * Averages per-type values given as {@code {precision, recall, f1}} triples.
     *
     * @param perType one triple per type; NaN entries count as 0
     * @return the average
     */
    public static MacroAverage of(Collection<double[]> perType) {
        if (perType.isEmpty()) {
            return new MacroAverage(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double p = 0;
        double r = 0;
        double f = 0;
        for (double[] v : perType) {
            p += zeroIfNaN(v[0]);
            r += zeroIfNaN(v[1]);
            f += zeroIfNaN(v[2]);
        }
        int n = perType.size();
        return new MacroAverage(p / n, r / n, f / n, n);
    }

    private static double zeroIfNaN(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
