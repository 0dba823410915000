package io.github.bertner.compare;

/** Why two entities of a pair were matched. */
public enum MatchBasis {
    /** Their romanized texts are similar enough (at least the matcher's threshold). */
    NAME,
    /** Names differ (an exonym such as Москва ↔ Moscow), but each is the only unmatched entity of its type. */
    TYPE
}
