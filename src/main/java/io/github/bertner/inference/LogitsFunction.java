package io.github.bertner.inference;

/**
 * One model call: padded piece ids and attention mask of a batch to per-position label scores.
 * {@code TokenClassifierModel::logits} is one; training passes the model it is training.
 */
@FunctionalInterface
public interface LogitsFunction {

    /**
     * Scores a batch.
     *
     * @param inputIds      {@code [window][position]} piece ids, rows padded to one length
     * @param attentionMask 1 at real and 0 at padded positions, same shape
     * @return {@code [window][position][label]} logits
     */
    float[][][] logits(int[][] inputIds, int[][] attentionMask);
}
