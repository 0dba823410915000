package io.github.bertner.io;

import java.util.Objects;

/**
 * One token line of a column corpus file.
 *
 * @param text the token as written in the file
 * @param pos  the part-of-speech column, or {@code null} when the format has none
 * @param tag  the NER tag column exactly as written (for example {@code I-PER} or {@code B-creative-work})
 * @param line 1-based line number in the source file, for error messages
 */
public record ColumnToken(String text, String pos, String tag, int line) {

    /** Validates that text and tag are present. */
    public ColumnToken {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(tag, "tag");
    }
}
