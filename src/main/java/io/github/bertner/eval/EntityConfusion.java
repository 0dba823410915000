package io.github.bertner.eval;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Entity-level confusion.
 *
 * <p>The matrix has the gold types plus a last row {@code SPURIOUS} as rows and the predicted types plus a last
 * column {@code MISSED} as columns. Each gold entity adds 1 to (its type, type of its matched prediction) —
 * whatever the boundaries, so boundary errors land on the diagonal — or to (its type, MISSED); each
 * prediction overlapping no gold entity adds 1 to (SPURIOUS, its type). The class counts tell exact and
 * boundary matches apart.
 *
 * @param matrix gold type x predicted type with MISSED / SPURIOUS
 * @param byType outcome counts per type (gold type; predicted type for {@link ErrorClass#SPURIOUS})
 * @param totals outcome counts over all types
 */
public record EntityConfusion(ConfusionMatrix matrix, SortedMap<String, Map<ErrorClass, Long>> byType,
                              Map<ErrorClass, Long> totals) {

    /** Row label of predictions that overlap no gold entity. */
    public static final String SPURIOUS = "SPURIOUS";
    /** Column label of gold entities that no prediction overlaps. */
    public static final String MISSED = "MISSED";

    /**
     * Copies the maps.
     *
     * @param matrix the matrix
     * @param byType per-type counts
     * @param totals total counts
     */
    public EntityConfusion {
        TreeMap<String, Map<ErrorClass, Long>> copy = new TreeMap<>();
        byType.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new EnumMap<>(v))));
        byType = Collections.unmodifiableSortedMap(copy);
        totals = Collections.unmodifiableMap(totals.isEmpty() ? new EnumMap<>(ErrorClass.class)
                : new EnumMap<>(totals));
    }

    /**
     * Total count of one outcome.
     *
     * @param c the outcome
     * @return its count
     */
    public long total(ErrorClass c) {
        return totals.getOrDefault(c, 0L);
    }
}
