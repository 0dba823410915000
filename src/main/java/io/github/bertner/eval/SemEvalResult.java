package io.github.bertner.eval;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * SemEval-2013 task 9.1 counts, overall and per entity type.
 *
 * <p>As in nervaluate, per-type counts are attributed to the gold entity's type, except spurious predictions,
 * which count for the predicted type.
 *
 * @param overall counts per scheme over all types
 * @param perType counts per type and scheme
 */
public record SemEvalResult(Map<SemEvalScheme, SemEvalCounts> overall,
                            SortedMap<String, Map<SemEvalScheme, SemEvalCounts>> perType) {

    /**
     * Copies the maps.
     *
     * @param overall overall counts
     * @param perType per-type counts
     */
    public SemEvalResult {
        overall = Collections.unmodifiableMap(new EnumMap<>(overall));
        TreeMap<String, Map<SemEvalScheme, SemEvalCounts>> copy = new TreeMap<>();
        perType.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new EnumMap<>(v))));
        perType = Collections.unmodifiableSortedMap(copy);
    }

    /**
     * Overall counts of one scheme.
     *
     * @param scheme the scheme
     * @return its counts
     */
    public SemEvalCounts get(SemEvalScheme scheme) {
        return overall.getOrDefault(scheme, SemEvalCounts.ZERO);
    }

    /**
     * The macro average of one scheme over the types of {@link #perType}.
     *
     * @param scheme the scheme
     * @return mean per-type precision, recall and F1 under that scheme
     */
    public MacroAverage macro(SemEvalScheme scheme) {
        return MacroAverage.of(perType.keySet().stream().map(t -> {
            SemEvalCounts c = get(t, scheme);
            return new double[] {c.precision(scheme), c.recall(scheme), c.f1(scheme)};
        }).toList());
    }

    /**
     * Counts of one type and scheme.
     *
     * @param type entity type
     * @param scheme the scheme
     * @return its counts, zero when the type is absent
     */
    public SemEvalCounts get(String type, SemEvalScheme scheme) {
        Map<SemEvalScheme, SemEvalCounts> m = perType.get(type);
        return m == null ? SemEvalCounts.ZERO : m.getOrDefault(scheme, SemEvalCounts.ZERO);
    }
}
