package io.github.bertner.spark;

/** Why a document was written to the errors output instead of being tagged. */
public enum FailureKind {
    /** A JSON line that does not parse as an object (Spark's corrupt-record column). */
    MALFORMED_RECORD,
    /** The record has no id, or a blank one. */
    MISSING_ID,
    /** The record has no text. */
    MISSING_TEXT,
    /** A text file whose bytes are not valid UTF-8. */
    INVALID_ENCODING,
    /** The tagger threw on this document. */
    TAGGING_FAILED
}
