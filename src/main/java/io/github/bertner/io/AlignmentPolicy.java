package io.github.bertner.io;

/**
 * What a reader does when an annotation's offsets do not reproduce its stated text or do not fall on token
 * boundaries. Whatever the choice, every case is reported and counted in the reader's {@link ReadReport}.
 */
public enum AlignmentPolicy {
    /** Stop with a {@link ReaderException} naming file, line, id, expected and found text. */
    FAIL,
    /** Drop the offending annotation and keep the rest of the document. */
    SKIP_ANNOTATION,
    /** Drop the whole document that holds the offending annotation. */
    SKIP_DOCUMENT
}
