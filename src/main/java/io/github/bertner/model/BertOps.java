package io.github.bertner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;

/**
 * Small functional pieces shared by the BERT blocks. Every operation keeps the activation as its
 * first operand, so results are attached to the activation's (per-batch) manager and never to the
 * model manager that owns the parameters.
 */
final class BertOps {
    /**
     * Additive attention-mask value for padded keys: HF uses {@code torch.finfo(float32).min}, so
     * softmax gives padded keys exactly zero weight.
     */
    static final float MASK_VALUE = -Float.MAX_VALUE;

    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);

    private BertOps() {
    }

    static Parameter param(String name, Parameter.Type type, long... shape) {
        return Parameter.builder().setName(name).setType(type).optShape(new Shape(shape)).build();
    }

    static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return Linear.linear(x, weight, bias).singletonOrThrow();
    }

    static NDArray layerNorm(NDArray x, NDArray weight, NDArray bias, double eps) {
        return LayerNorm.layerNorm(x, new Shape(weight.getShape().get(0)), weight, bias, (float) eps)
                .singletonOrThrow();
    }

    static NDArray dropout(NDArray x, double rate, boolean training) {
        if (!training || rate == 0) {
            return x;
        }
        return Dropout.dropout(x, (float) rate, true).singletonOrThrow();
    }

    static NDArray activate(NDArray x, HiddenActivation act) {
        switch (act) {
            case GELU:
                // PyTorch's gelu with its default approximate="none" is the exact erf form
                return Activation.gelu(x);
            case RELU:
                return Activation.relu(x);
            case GELU_NEW:
            case GELU_PYTORCH_TANH:
                NDArray inner = x.pow(3f).mul(0.044715f).add(x).mul(SQRT_2_OVER_PI);
                return inner.tanh().add(1f).mul(x).mul(0.5f);
            default:
                throw new IllegalStateException("unhandled activation " + act);
        }
    }
}
