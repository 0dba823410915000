package io.github.bertner.model;

/**
 * HF {@code BertSelfOutput}: the attention output projection (hidden to hidden), dropout, the residual from the
 * layer input, then LayerNorm.
 *
 * <p>Input: the attention context (B,S,H) and the layer input (B,S,H) for the residual. Output: (B,S,H).
 */
public final class BertSelfOutput extends ResidualDenseNorm {

    /**
     * Creates the block.
     *
     * @param config hidden size, epsilon and dropout
     */
    public BertSelfOutput(BertConfig config) {
        super(config, config.hiddenSize());
    }
}
