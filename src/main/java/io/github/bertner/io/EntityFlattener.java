package io.github.bertner.io;

import io.github.bertner.tagging.CharSpan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reduces possibly overlapping entities (nested NEREL or factRuEval mentions) to non-overlapping ones, as
 * tag encoders require. Deterministic: ties are broken by position and then by input order.
 */
public final class EntityFlattener {

    private EntityFlattener() {
    }

    /**
     * Flattens entities by a policy. Exact duplicates (same offsets and type) collapse into one; entities
     * with the same offsets but different types keep the first in input order.
     *
     * @param spans  entities in any order, possibly overlapping
     * @param policy which of overlapping entities to keep
     * @return non-overlapping entities ordered by begin
     */
    public static List<CharSpan> flatten(List<CharSpan> spans, FlatteningPolicy policy) {
        List<Indexed> items = new ArrayList<>(spans.size());
        for (int i = 0; i < spans.size(); i++) {
            items.add(new Indexed(spans.get(i), i));
        }
        List<Indexed> candidates = switch (policy) {
            case OUTERMOST -> items.stream().filter(a -> items.stream().noneMatch(b -> strictlyInside(a, b)))
                    .sorted(BY_POSITION).toList();
            case INNERMOST -> items.stream().filter(a -> items.stream().noneMatch(b -> strictlyInside(b, a)))
                    .sorted(BY_POSITION).toList();
            case LONGEST -> items.stream().sorted(Comparator.comparingInt((Indexed a) -> a.begin() - a.end())
                    .thenComparing(BY_POSITION)).toList();
        };
        List<CharSpan> kept = new ArrayList<>();
        for (Indexed c : candidates) {
            if (kept.stream().noneMatch(k -> k.begin() < c.end() && c.begin() < k.end())) {
                kept.add(c.span());
            }
        }
        kept.sort(Comparator.comparingInt(CharSpan::begin));
        return kept;
    }

    private record Indexed(CharSpan span, int index) {
        int begin() {
            return span.begin();
        }

        int end() {
            return span.end();
        }
    }

    private static final Comparator<Indexed> BY_POSITION = Comparator.comparingInt(Indexed::begin)
            .thenComparingInt(a -> -a.end()).thenComparingInt(Indexed::index);

    /** Whether {@code a} lies inside {@code b} and is shorter. */
    private static boolean strictlyInside(Indexed a, Indexed b) {
        return b.begin() <= a.begin() && a.end() <= b.end() && (a.end() - a.begin()) < (b.end() - b.begin());
    }

    /**
     * Converts mentions to character spans (extent and type), the input of {@link #flatten}.
     *
     * @param mentions mentions of one document
     * @return one span per mention, same order
     */
    public static List<CharSpan> toCharSpans(List<Mention> mentions) {
        return mentions.stream().map(m -> new CharSpan(m.begin(), m.end(), m.type())).toList();
    }
}
