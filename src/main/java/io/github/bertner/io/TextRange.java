package io.github.bertner.io;

/**
 * A half-open character range {@code [begin, end)} in a document text, in UTF-16 units (which equal
 * code points for the BMP-only corpora read here).
 *
 * @param begin first character, inclusive
 * @param end   last character, exclusive
 */
public record TextRange(int begin, int end) implements Comparable<TextRange> {

    /**
     * Validates the range.
     *
     * @throws IllegalArgumentException if {@code begin < 0} or {@code end < begin}
     */
    public TextRange {
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("invalid range [" + begin + ", " + end + ")");
        }
    }

    /**
     * Length in characters.
     *
     * @return {@code end - begin}
     */
    public int length() {
        return end - begin;
    }

    /**
     * Whether this range lies inside {@code other} (equal ranges count as inside).
     *
     * @param other the enclosing candidate
     * @return true if {@code other.begin <= begin && end <= other.end}
     */
    public boolean isInside(TextRange other) {
        return other.begin <= begin && end <= other.end;
    }

    /**
     * Whether the two ranges share at least one character.
     *
     * @param other the other range
     * @return true if they overlap
     */
    public boolean overlaps(TextRange other) {
        return begin < other.end && other.begin < end;
    }

    /** Orders by begin, then by end descending, so enclosing ranges come before what they enclose. */
    @Override
    public int compareTo(TextRange o) {
        return begin != o.begin ? Integer.compare(begin, o.begin) : Integer.compare(o.end, end);
    }
}
