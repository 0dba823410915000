package io.github.bertner.eval;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Groups of metrics a report can show ({@code --metrics}); the evaluator always computes all of them, because
 * together they take a fraction of the time needed to read the input.
 */
public enum Metric {
    /** conlleval-compatible entity P/R/F1 and token accuracy. */
    STRICT,
    /** Boundary-blind token-level P/R/F1 over entity tokens. */
    RELAXED,
    /** SemEval-2013 task 9.1 schemes (nervaluate). */
    SEMEVAL,
    /** Token and entity confusion matrices. */
    CONFUSION,
    /** Error listing. */
    ERRORS;

    /**
     * Parses a comma-separated list such as {@code strict,relaxed}; {@code all} selects every group.
     *
     * @param list the list
     * @return the selected groups
     * @throws IllegalArgumentException for an unknown name, listing the valid ones
     */
    public static Set<Metric> parseList(String list) {
        EnumSet<Metric> set = EnumSet.noneOf(Metric.class);
        for (String part : list.split(",")) {
            String p = part.trim().toUpperCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (p.equals("ALL")) {
                return EnumSet.allOf(Metric.class);
            }
            try {
                set.add(valueOf(p));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown metric '" + part.trim()
                        + "': expected all or a comma-separated subset of strict, relaxed, semeval, confusion, errors",
                        e);
            }
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("expected at least one metric in '" + list + "'");
        }
        return set;
    }
}
