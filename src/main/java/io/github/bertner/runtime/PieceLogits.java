package io.github.bertner.runtime;

/**
 * One implementation of "piece logits for a batch": the token classifier's forward pass from
 * padded piece ids to per-position label scores. The tagger is written against this interface so
 * that PyTorch and ONNX Runtime (fp32 or int8) are interchangeable; see {@link InferenceRuntime}.
 *
 * <p>Implementations are not thread-safe; closing frees native memory they own.
 */
public interface PieceLogits extends AutoCloseable {

    /**
     * Computes logits without dropout, token types all zero.
     *
     * @param inputIds piece ids, one row per sequence; all rows of equal length
     * @param attentionMask 1 for real and 0 for padded positions, same shape as {@code inputIds}
     * @return logits {@code [batch][position][label]}
     * @throws IllegalArgumentException when shapes disagree, rows are ragged, an id is outside the
     *     vocabulary or a row is longer than max_position_embeddings
     */
    float[][][] logits(int[][] inputIds, int[][] attentionMask);

    /**
     * The runtime behind this implementation.
     *
     * @return the runtime
     */
    InferenceRuntime runtime();

    /** Frees what this object owns (not the model it was created from). */
    @Override
    void close();
}
