package io.github.bertner.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Matches the entities of a source sentence (Russian) with those of its translation (English) and flags
 * what the translation lost, added or changed.
 * <p>
 * Matching is one-to-one and greedy: every pair whose {@link NameSimilarity} reaches the threshold is a
 * candidate, taken in order of falling similarity (a pair of the same type first on a tie, then source
 * and translation order). Then, with the type fallback on, a type that is left with exactly one unmatched
 * entity on each side pairs those two ({@link MatchBasis#TYPE}): that recovers exonyms and translated
 * names ({@code Москва ↔ Moscow}) without guessing between several candidates.
 * <p>
 * Flags, in this order: {@link FlagKind#MISSING_IN_TRANSLATION} for each unmatched source entity,
 * {@link FlagKind#ADDED_IN_TRANSLATION} for each unmatched translation entity,
 * {@link FlagKind#TYPE_CHANGED} for each match of two types, and {@link FlagKind#COUNT_DIFFERS} for each
 * type (in order of first appearance, source first) counted differently on the two sides.
 */
public final class EntityMatcher {

    /** Default least name similarity of a {@link MatchBasis#NAME} match. */
    public static final double DEFAULT_THRESHOLD = 0.6;

    private final NameSimilarity similarity;
    private final double threshold;
    private final boolean typeFallback;

    private EntityMatcher(Builder b) {
        this.similarity = new NameSimilarity(b.transliteration);
        this.threshold = b.threshold;
        this.typeFallback = b.typeFallback;
    }

    /** @return a builder with BGN/PCGN, threshold {@value #DEFAULT_THRESHOLD} and the type fallback on */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of an {@link EntityMatcher}. */
    public static final class Builder {
        private Transliteration transliteration = Transliteration.BGN_PCGN;
        private double threshold = DEFAULT_THRESHOLD;
        private boolean typeFallback = true;

        private Builder() {
        }

        /**
         * @param transliteration romanization of the source names (default BGN/PCGN, which spells Russian
         *                        names as English texts usually do: {@code Хрущёв → Khrushchëv})
         * @return this builder
         */
        public Builder optTransliteration(Transliteration transliteration) {
            this.transliteration = Objects.requireNonNull(transliteration, "transliteration");
            return this;
        }

        /**
         * @param threshold least similarity of a name match, in (0, 1] (default {@value #DEFAULT_THRESHOLD})
         * @return this builder
         */
        public Builder optThreshold(double threshold) {
            if (!(threshold > 0 && threshold <= 1)) {
                throw new IllegalArgumentException("expected a threshold in (0, 1], found " + threshold);
            }
            this.threshold = threshold;
            return this;
        }

        /**
         * @param typeFallback whether the single unmatched entities of a type on both sides are paired
         *                     (default true)
         * @return this builder
         */
        public Builder optTypeFallback(boolean typeFallback) {
            this.typeFallback = typeFallback;
            return this;
        }

        /** @return the matcher (immutable, thread-safe) */
        public EntityMatcher build() {
            return new EntityMatcher(this);
        }
    }

    /** @return the name similarity in use */
    public NameSimilarity similarity() {
        return similarity;
    }

    /**
     * Compares the entities of one sentence pair.
     *
     * @param source entities of the source sentence, in text order
     * @param target entities of the translation, in text order
     * @return matches, flags and a one-line summary
     */
    public PairComparison compare(List<EntityMention> source, List<EntityMention> target) {
        record Candidate(int s, int t, double sim, boolean sameType) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int s = 0; s < source.size(); s++) {
            for (int t = 0; t < target.size(); t++) {
                double sim = similarity.similarity(source.get(s).text(), target.get(t).text());
                if (sim >= threshold) {
                    candidates.add(new Candidate(s, t, sim, source.get(s).type().equals(target.get(t).type())));
                }
            }
        }
        candidates.sort(Comparator.comparingDouble(Candidate::sim).reversed()
                .thenComparing(c -> !c.sameType())
                .thenComparingInt(Candidate::s)
                .thenComparingInt(Candidate::t));
        EntityMatch[] bySource = new EntityMatch[source.size()];
        boolean[] targetMatched = new boolean[target.size()];
        for (Candidate c : candidates) {
            if (bySource[c.s()] == null && !targetMatched[c.t()]) {
                bySource[c.s()] = new EntityMatch(c.s(), c.t(), c.sim(), MatchBasis.NAME);
                targetMatched[c.t()] = true;
            }
        }
        Set<String> types = new LinkedHashSet<>();
        source.forEach(e -> types.add(e.type()));
        target.forEach(e -> types.add(e.type()));
        if (typeFallback) {
            for (String type : types) {
                List<Integer> s = new ArrayList<>();
                for (int i = 0; i < source.size(); i++) {
                    if (bySource[i] == null && source.get(i).type().equals(type)) {
                        s.add(i);
                    }
                }
                List<Integer> t = new ArrayList<>();
                for (int j = 0; j < target.size(); j++) {
                    if (!targetMatched[j] && target.get(j).type().equals(type)) {
                        t.add(j);
                    }
                }
                if (s.size() == 1 && t.size() == 1) {
                    int i = s.get(0);
                    int j = t.get(0);
                    bySource[i] = new EntityMatch(i, j,
                            similarity.similarity(source.get(i).text(), target.get(j).text()), MatchBasis.TYPE);
                    targetMatched[j] = true;
                }
            }
        }
        List<EntityMatch> matches = new ArrayList<>();
        for (EntityMatch m : bySource) {
            if (m != null) {
                matches.add(m);
            }
        }
        List<Flag> flags = new ArrayList<>();
        for (int i = 0; i < source.size(); i++) {
            if (bySource[i] == null) {
                EntityMention e = source.get(i);
                flags.add(new Flag(FlagKind.MISSING_IN_TRANSLATION, i, -1, e.type(), 0, 0,
                        e.type() + " «" + e.text() + "» has no counterpart in the translation"));
            }
        }
        for (int j = 0; j < target.size(); j++) {
            if (!targetMatched[j]) {
                EntityMention e = target.get(j);
                flags.add(new Flag(FlagKind.ADDED_IN_TRANSLATION, -1, j, e.type(), 0, 0,
                        e.type() + " «" + e.text() + "» has no counterpart in the source"));
            }
        }
        for (EntityMatch m : matches) {
            EntityMention s = source.get(m.source());
            EntityMention t = target.get(m.target());
            if (!s.type().equals(t.type())) {
                flags.add(new Flag(FlagKind.TYPE_CHANGED, m.source(), m.target(), s.type(), 0, 0,
                        "«" + s.text() + "» is " + s.type() + " in the source, «" + t.text() + "» is "
                                + t.type() + " in the translation"));
            }
        }
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (String type : types) {
            counts.put(type, new int[2]);
        }
        source.forEach(e -> counts.get(e.type())[0]++);
        target.forEach(e -> counts.get(e.type())[1]++);
        List<String> countChanges = new ArrayList<>();
        for (Map.Entry<String, int[]> c : counts.entrySet()) {
            int[] n = c.getValue();
            if (n[0] != n[1]) {
                String change = c.getKey() + " " + n[0] + " → " + n[1];
                countChanges.add(change);
                flags.add(new Flag(FlagKind.COUNT_DIFFERS, -1, -1, c.getKey(), n[0], n[1],
                        c.getKey() + ": " + n[0] + " in the source, " + n[1] + " in the translation"));
            }
        }
        return new PairComparison(matches, flags, summary(source.size(), target.size(), matches, flags, countChanges));
    }

    private static String summary(int sources, int targets, List<EntityMatch> matches, List<Flag> flags,
                                  List<String> countChanges) {
        long byType = matches.stream().filter(m -> m.basis() == MatchBasis.TYPE).count();
        StringBuilder b = new StringBuilder();
        b.append(sources).append(" source, ").append(targets).append(" target entities; ")
                .append(matches.size()).append(" matched");
        if (byType > 0) {
            b.append(" (").append(byType).append(" by type only)");
        }
        List<String> parts = new ArrayList<>();
        for (FlagKind kind : List.of(FlagKind.MISSING_IN_TRANSLATION, FlagKind.ADDED_IN_TRANSLATION,
                FlagKind.TYPE_CHANGED)) {
            long n = flags.stream().filter(f -> f.kind() == kind).count();
            if (n > 0) {
                parts.add(n + " " + kind.name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
        }
        parts.addAll(countChanges);
        b.append("; ").append(parts.isEmpty() ? "no flags" : String.join("; ", parts));
        return b.toString();
    }
}
