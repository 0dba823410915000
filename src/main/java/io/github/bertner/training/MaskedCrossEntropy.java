package io.github.bertner.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Token-level cross-entropy that only counts positions carrying a real label. Positions labelled
 * {@link #IGNORE} (padding, special tokens, non-first word pieces, unmasked MLM positions) contribute
 * neither to the loss nor to its gradient: the gold log-probability is gathered, multiplied by a 0/1
 * mask and divided by the number of counted positions. DJL's {@code MaskedSoftmaxCrossEntropyLoss}
 * masks only a valid-length prefix, which cannot skip pieces in the middle of a sequence.
 */
public final class MaskedCrossEntropy {

    /** Label id of positions that must not contribute (the Hugging Face convention). */
    public static final int IGNORE = -100;

    private MaskedCrossEntropy() {
    }

    /**
     * Mean negative log-likelihood over the counted positions.
     *
     * @param logits (B, S, C) scores
     * @param labels (B, S) integer label ids, {@link #IGNORE} where nothing is counted
     * @return a scalar; 0 (still attached to the graph) when no position is counted
     */
    public static NDArray loss(NDArray logits, NDArray labels) {
        NDArray labels64 = labels.toType(DataType.INT64, false);
        NDArray mask = labels64.neq(IGNORE);
        // IGNORE is not a valid index: point those rows at class 0; the mask removes them again
        NDArray safe = labels64.mul(mask.toType(DataType.INT64, false));
        NDArray logProbs = logits.logSoftmax(-1);
        NDArray gold = logProbs.gather(safe.expandDims(-1), -1).squeeze(-1);
        NDArray maskF = mask.toType(logits.getDataType(), false);
        NDArray count = maskF.sum().maximum(1f);
        // 0 x -inf is NaN: floor the log-probabilities first, so an overflowing logit at an ignored position
        // (padding, special token, non-first piece) cannot reach the loss
        return gold.maximum(-Float.MAX_VALUE).mul(maskF).sum().neg().div(count);
    }
}
