package io.github.bertner.compare;

/** What a cross-lingual flag reports about a translation. */
public enum FlagKind {
    /** A source entity has no counterpart in the translation. */
    MISSING_IN_TRANSLATION,
    /** A translation entity has no counterpart in the source. */
    ADDED_IN_TRANSLATION,
    /** Two matched entities have different types. */
    TYPE_CHANGED,
    /** Source and translation hold different numbers of entities of one type. */
    COUNT_DIFFERS
}
