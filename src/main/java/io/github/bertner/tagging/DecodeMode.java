package io.github.bertner.tagging;

/** How tag sequences that break a scheme's rules are treated when decoding. */
public enum DecodeMode {
    /**
     * Every rule violation is reported as a {@link TagError}; spans are still recovered with the lenient
     * rules so that nothing is lost.
     */
    STRICT,
    /** conlleval.pl semantics: any tag whose type differs from the previous one opens a chunk; no errors. */
    LENIENT
}
