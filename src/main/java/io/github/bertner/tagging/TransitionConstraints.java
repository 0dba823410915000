package io.github.bertner.tagging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Which label may start a sentence, follow another label, and end a sentence under a
 * {@link TagScheme}; the hard constraints a {@link ViterbiDecoder} enforces.
 *
 * <p>The allowed transitions are exactly those that occur in sequences produced by
 * {@link TagCodec#encode}: a decoded sequence therefore always round-trips through
 * {@code decode(..., STRICT)} without errors.
 * <ul>
 *   <li>IO: every transition is allowed.</li>
 *   <li>IOB1: {@code I-X} may start a chunk anywhere; {@code B-X} only directly after
 *       {@code B-X} or {@code I-X} (it separates two adjacent chunks of the same type).</li>
 *   <li>IOB2: {@code I-X} only after {@code B-X} or {@code I-X}.</li>
 *   <li>IOE1: mirror of IOB1: {@code E-X} must be followed by {@code I-X} or {@code E-X}.</li>
 *   <li>IOE2: mirror of IOB2: {@code I-X} must be followed by {@code I-X} or {@code E-X}.</li>
 *   <li>BIOES: {@code B-X}/{@code I-X} must be followed by {@code I-X}/{@code E-X};
 *       {@code I-X}/{@code E-X} must follow {@code B-X}/{@code I-X}; a sentence cannot start
 *       inside a chunk or end in an open one.</li>
 * </ul>
 * Labels that are not tags of the scheme but are known non-tags (the {@code X} label used for
 * non-first sub-words) are never allowed anywhere, so decoding never produces them.
 */
public final class TransitionConstraints {

    /** Label of non-first sub-words under {@code X} alignment; never a word-level prediction. */
    public static final String X_LABEL = "X";

    private final List<String> labels;
    private final TagScheme scheme;
    private final boolean[] predictable;
    private final boolean[] start;
    private final boolean[] end;
    private final boolean[][] transition;

    private TransitionConstraints(List<String> labels, TagScheme scheme, boolean[] predictable, boolean[] start,
                                  boolean[] end, boolean[][] transition) {
        this.labels = labels;
        this.scheme = scheme;
        this.predictable = predictable;
        this.start = start;
        this.end = end;
        this.transition = transition;
    }

    /**
     * Builds the constraints for a label inventory.
     *
     * @param labels label strings indexed by label id (for example {@code [O, B-PER, I-PER]})
     * @param scheme tag scheme the labels follow
     * @return the constraints
     * @throws IllegalArgumentException if a label is not a tag, or uses a prefix the scheme does
     *                                  not have (for example {@code S-PER} under IOB2)
     */
    public static TransitionConstraints of(List<String> labels, TagScheme scheme) {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(scheme, "scheme");
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("expected at least one label, found none");
        }
        int n = labels.size();
        Tag[] tags = new Tag[n];
        for (int i = 0; i < n; i++) {
            String label = labels.get(i);
            if (X_LABEL.equals(label)) {
                continue;
            }
            Tag tag = Tag.parse(label);
            if (!scheme.allowsPrefix(tag.prefix())) {
                throw new IllegalArgumentException("label " + i + ": expected a tag of scheme " + scheme
                        + ", found '" + label + "'");
            }
            tags[i] = tag;
        }
        boolean[] predictable = new boolean[n];
        boolean[] start = new boolean[n];
        boolean[] end = new boolean[n];
        boolean[][] transition = new boolean[n][n];
        for (int i = 0; i < n; i++) {
            if (tags[i] == null) {
                continue;
            }
            predictable[i] = true;
            start[i] = canStart(scheme, tags[i]);
            end[i] = canEnd(scheme, tags[i]);
            for (int j = 0; j < n; j++) {
                transition[i][j] = tags[j] != null && canFollow(scheme, tags[i], tags[j]);
            }
        }
        return new TransitionConstraints(Collections.unmodifiableList(new ArrayList<>(labels)), scheme,
                predictable, start, end, transition);
    }

    private static boolean canStart(TagScheme scheme, Tag tag) {
        return switch (scheme) {
            case IO, IOE1, IOE2 -> true;
            // IOB1's B- only separates two adjacent same-type chunks, so it never opens a sentence
            case IOB1, IOB2 -> tag.prefix() != (scheme == TagScheme.IOB1 ? 'B' : 'I');
            case BIOES -> tag.prefix() == 'O' || tag.prefix() == 'B' || tag.prefix() == 'S';
        };
    }

    private static boolean canEnd(TagScheme scheme, Tag tag) {
        return switch (scheme) {
            case IO, IOB1, IOB2 -> true;
            case IOE1 -> tag.prefix() != 'E';
            case IOE2 -> tag.prefix() != 'I';
            case BIOES -> tag.prefix() == 'O' || tag.prefix() == 'E' || tag.prefix() == 'S';
        };
    }

    private static boolean canFollow(TagScheme scheme, Tag prev, Tag next) {
        boolean sameType = !prev.isOutside() && !next.isOutside() && prev.type().equals(next.type());
        char p = prev.prefix();
        char q = next.prefix();
        return switch (scheme) {
            case IO -> true;
            case IOB1 -> q != 'B' || (sameType && (p == 'B' || p == 'I'));
            case IOB2 -> q != 'I' || (sameType && (p == 'B' || p == 'I'));
            case IOE1 -> p != 'E' || (sameType && (q == 'I' || q == 'E'));
            case IOE2 -> p != 'I' || (sameType && (q == 'I' || q == 'E'));
            case BIOES -> {
                boolean open = p == 'B' || p == 'I';
                boolean continues = q == 'I' || q == 'E';
                yield open ? sameType && continues : !continues;
            }
        };
    }

    /** @return the label strings, indexed by label id */
    public List<String> labels() {
        return labels;
    }

    /** @return the tag scheme */
    public TagScheme scheme() {
        return scheme;
    }

    /** @return number of labels */
    public int size() {
        return labels.size();
    }

    /**
     * @param label label id
     * @return whether a sentence may start with this label
     */
    public boolean allowedStart(int label) {
        return start[label];
    }

    /**
     * @param label label id
     * @return whether a sentence may end with this label
     */
    public boolean allowedEnd(int label) {
        return end[label];
    }

    /**
     * @param from label id of the previous word
     * @param to   label id of the next word
     * @return whether {@code to} may directly follow {@code from}
     */
    public boolean allowed(int from, int to) {
        return transition[from][to];
    }

    /**
     * @param label label id
     * @return whether the label may be predicted at all (false for the {@code X} label)
     */
    public boolean predictable(int label) {
        return predictable[label];
    }
}
