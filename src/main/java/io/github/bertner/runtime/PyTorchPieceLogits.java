package io.github.bertner.runtime;

import io.github.bertner.model.TokenClassifierModel;
import java.util.Objects;

/** {@link PieceLogits} on the DJL/PyTorch model itself; the model stays owned by the caller. */
final class PyTorchPieceLogits implements PieceLogits {
    private final TokenClassifierModel model;

    PyTorchPieceLogits(TokenClassifierModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public float[][][] logits(int[][] inputIds, int[][] attentionMask) {
        return model.logits(inputIds, attentionMask);
    }

    @Override
    public InferenceRuntime runtime() {
        return InferenceRuntime.PYTORCH;
    }

    @Override
    public void close() {
        // nothing of its own: the model belongs to the caller
    }
}
