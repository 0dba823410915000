package io.github.bertner.model;

/**
 * HF {@code BertOutput}: the feed-forward output projection (intermediate size back to hidden size), dropout,
 * the residual from the attention output, then LayerNorm.
 *
 * <p>Input: the intermediate activation (B,S,F) and the attention output (B,S,H) for the residual.
 * Output: (B,S,H).
 */
public final class BertOutput extends ResidualDenseNorm {

    /**
     * Creates the block.
     *
     * @param config hidden and intermediate sizes, epsilon and dropout
     */
    public BertOutput(BertConfig config) {
        super(config, config.intermediateSize());
    }
}
