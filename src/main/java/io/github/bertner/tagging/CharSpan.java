package io.github.bertner.tagging;

/**
 * An entity over characters of a text.
 *
 * @param begin first character offset
 * @param end offset after the last character (exclusive)
 * @param type entity type
 */
public record CharSpan(int begin, int end, String type) {

    /**
     * Validates the bounds.
     *
     * @param begin first character
     * @param end character after the last
     * @param type entity type
     */
    public CharSpan {
        if (begin < 0 || end <= begin) {
            throw new IllegalArgumentException("invalid character span [" + begin + ", " + end + ") of type "
                    + type + ": expected 0 <= begin < end");
        }
    }
}
