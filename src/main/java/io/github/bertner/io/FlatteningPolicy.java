package io.github.bertner.io;

/**
 * How {@link EntityFlattener} turns overlapping (nested or crossing) entities into a flat, non-overlapping
 * set for BIO-style training. Readers keep every entity; flattening is always an explicit later choice.
 */
public enum FlatteningPolicy {
    /** Keep entities that lie inside no other entity; among crossing survivors, the one starting first wins. */
    OUTERMOST,
    /** Keep entities that contain no other entity; among crossing survivors, the one starting first wins. */
    INNERMOST,
    /** Greedily keep the longest entity, then the longest that overlaps nothing kept, and so on. */
    LONGEST
}
