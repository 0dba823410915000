package io.github.bertner.eval;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Scores per entity type and their micro average.
 *
 * @param micro counts summed over all types
 * @param perType counts per entity type, sorted by type name
 */
public record EntityScores(Score micro, SortedMap<String, Score> perType) {

    /**
     * Copies the map.
     *
     * @param micro micro counts
     * @param perType per-type counts
     */
    public EntityScores {
        perType = Collections.unmodifiableSortedMap(new TreeMap<>(perType));
    }

    /**
     * Builds the scores from per-type counts, summing them for the micro average.
     *
     * @param perType per-type counts
     * @return the scores
     */
    public static EntityScores of(SortedMap<String, Score> perType) {
        Score sum = Score.ZERO;
        for (Score s : perType.values()) {
            sum = sum.plus(s);
        }
        return new EntityScores(sum, perType);
    }

    /**
     * The macro average over the types of {@link #perType}.
     *
     * @return mean per-type precision, recall and F1
     */
    public MacroAverage macro() {
        return MacroAverage.of(perType.values().stream()
                .map(s -> new double[] {s.precision(), s.recall(), s.f1()}).toList());
    }

    /**
     * Counts of one type.
     *
     * @param type entity type
     * @return its counts, {@link Score#ZERO} when the type never occurs
     */
    public Score type(String type) {
        return perType.getOrDefault(type, Score.ZERO);
    }
}
