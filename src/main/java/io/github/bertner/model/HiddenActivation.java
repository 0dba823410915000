package io.github.bertner.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The feed-forward activations of a BERT layer that this implementation computes, keyed by the
 * {@code hidden_act} string of a Hugging Face {@code config.json}.
 *
 * <p>Each constant keeps its own HF spelling so that a checkpoint is written back with the exact
 * string it was read with.
 */
public enum HiddenActivation {
    /** Exact GELU, {@code x * Phi(x)} with the error function (HF {@code "gelu"}). */
    GELU("gelu", false),
    /** Tanh approximation of GELU (HF {@code "gelu_new"}, the original BERT/GPT-2 form). */
    GELU_NEW("gelu_new", true),
    /** Tanh approximation of GELU as PyTorch names it (HF {@code "gelu_pytorch_tanh"}). */
    GELU_PYTORCH_TANH("gelu_pytorch_tanh", true),
    /** Rectified linear unit (HF {@code "relu"}). */
    RELU("relu", false);

    private final String hfName;
    private final boolean tanhApproximation;

    HiddenActivation(String hfName, boolean tanhApproximation) {
        this.hfName = hfName;
        this.tanhApproximation = tanhApproximation;
    }

    /**
     * Returns the string used for this activation in a Hugging Face {@code config.json}.
     *
     * @return the {@code hidden_act} value, for example {@code "gelu"}
     */
    public String hfName() {
        return hfName;
    }

    /**
     * Tells whether this is one of the tanh approximations of GELU.
     *
     * @return true for {@code gelu_new} and {@code gelu_pytorch_tanh}
     */
    public boolean isTanhApproximation() {
        return tanhApproximation;
    }

    /**
     * Parses a {@code hidden_act} value.
     *
     * @param value the string from {@code config.json}
     * @return the matching activation
     * @throws IllegalArgumentException naming the supported values when {@code value} is not one
     */
    public static HiddenActivation fromHfName(String value) {
        for (HiddenActivation a : values()) {
            if (a.hfName.equals(value)) {
                return a;
            }
        }
        throw new IllegalArgumentException(String.format(Locale.ROOT,
                "unsupported hidden_act \"%s\"; expected one of %s", value,
                Arrays.stream(values()).map(HiddenActivation::hfName).collect(Collectors.joining(", "))));
    }
}
