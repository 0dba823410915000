package io.github.bertner.tagging;

/**
 * An entity over a token sequence.
 *
 * @param start index of the first token
 * @param end index after the last token (exclusive)
 * @param type entity type
 */
public record Span(int start, int end, String type) implements Comparable<Span> {

    /**
     * Validates the bounds.
     *
     * @param start first token
     * @param end token after the last
     * @param type entity type
     */
    public Span {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("invalid span [" + start + ", " + end + ") of type " + type
                    + ": expected 0 <= start < end");
        }
        if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException("span [" + start + ", " + end + ") has no type");
        }
    }

    /**
     * Number of tokens covered.
     *
     * @return end - start
     */
    public int length() {
        return end - start;
    }

    /**
     * Whether two spans share at least one token.
     *
     * @param other the other span
     * @return true on overlap
     */
    public boolean overlaps(Span other) {
        return start < other.end && other.start < end;
    }

    @Override
    public int compareTo(Span o) {
        int c = Integer.compare(start, o.start);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(end, o.end);
        return c != 0 ? c : type.compareTo(o.type);
    }
}
