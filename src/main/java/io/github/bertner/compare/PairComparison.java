package io.github.bertner.compare;

import java.util.List;

/**
 * The cross-lingual comparison of one sentence pair.
 *
 * @param matches matched entity pairs, in source order
 * @param flags   findings: missing, added, type changed (by entity index), then per-type count differences
 * @param summary one line for a human, for example
 *                {@code "2 source, 1 target entities; 1 matched; 1 missing in translation; PER 2 → 1"}
 */
public record PairComparison(List<EntityMatch> matches, List<Flag> flags, String summary) {

    /** Makes the lists immutable. */
    public PairComparison {
        matches = List.copyOf(matches);
        flags = List.copyOf(flags);
    }

    /**
     * @param kind a flag kind
     * @return how many flags of that kind the pair has
     */
    public long count(FlagKind kind) {
        return flags.stream().filter(f -> f.kind() == kind).count();
    }
}
