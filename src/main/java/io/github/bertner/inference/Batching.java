package io.github.bertner.inference;

/**
 * Whether a prediction call's windows may share model calls with the windows of calls running at the same time on
 * other threads ({@link WordLevelPredictor}).
 */
public enum Batching {
    /**
     * Model calls are filled with the oldest waiting windows of any caller: fuller batches with many small
     * documents, but a word's scores depend on its batch-mates up to floating-point rounding (the shapes of the
     * model call change with the padding and the batch size), so concurrent runs can differ in the last digits.
     */
    SHARED,
    /**
     * Model calls hold only this call's windows, batched as if no other call were running: the result does not
     * depend on how many threads share the predictor or on their timing, bit for bit.
     */
    OWN
}
