package io.github.bertner.eval;

/**
 * Entity-level outcome of a gold entity (or of a prediction that overlaps none).
 */
public enum ErrorClass {
    /** A prediction with the same span and type. */
    CORRECT,
    /** A prediction with the same span but another type. */
    TYPE,
    /** No exact match, but an overlapping prediction of the same type. */
    BOUNDARY,
    /** No exact match and only overlapping predictions of other types. */
    BOUNDARY_TYPE,
    /** No overlapping prediction. */
    MISSED,
    /** A prediction that overlaps no gold entity. */
    SPURIOUS
}
