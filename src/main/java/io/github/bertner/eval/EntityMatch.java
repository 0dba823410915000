package io.github.bertner.eval;

import io.github.bertner.tagging.Span;

/**
 * How one gold entity was predicted, or one spurious prediction.
 *
 * @param sentence index of the sentence in the evaluated list
 * @param errorClass the outcome
 * @param gold the gold entity; null for {@link ErrorClass#SPURIOUS}
 * @param predicted the matched prediction (exact span first, then the overlapping one of the same type, then
 *                  the one with the largest overlap); null for {@link ErrorClass#MISSED}
 */
public record EntityMatch(int sentence, ErrorClass errorClass, Span gold, Span predicted) {

    /**
     * Gold type or {@code -} when spurious.
     *
     * @return the gold type label
     */
    public String goldType() {
        return gold == null ? "-" : gold.type();
    }

    /**
     * Predicted type or {@code -} when missed.
     *
     * @return the predicted type label
     */
    public String predictedType() {
        return predicted == null ? "-" : predicted.type();
    }
}
