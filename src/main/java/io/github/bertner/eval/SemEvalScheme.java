package io.github.bertner.eval;

/**
 * The four SemEval-2013 task 9.1 matching schemes, as computed by the Python library nervaluate.
 */
public enum SemEvalScheme {
    /** Exact boundaries and the same type. */
    STRICT,
    /** Exact boundaries, type ignored. */
    EXACT,
    /** Overlapping boundaries count half ({@code PAR}), type ignored. */
    PARTIAL,
    /** Some overlap and the same type. */
    TYPE
}
