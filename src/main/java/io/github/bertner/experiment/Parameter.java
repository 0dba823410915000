package io.github.bertner.experiment;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The training parameters a spec may fix or vary in its grid. Each has the name of the
 * {@code bertner train} option that sets it (without the dashes) and that option's default, so a
 * spec reads like a train command line.
 */
public enum Parameter {
    /** Pretrained Hugging Face BERT folder to fine-tune; empty for training from scratch. */
    BASE("base", ""),
    /** Size preset when training from scratch: tiny, mini, small, base. */
    PRESET("preset", "mini"),
    /** Vocabulary size learnt when training from scratch. */
    VOCAB_SIZE("vocab-size", "8000"),
    /** Extra text files or folders (comma-separated) for learning the vocabulary from scratch. */
    VOCAB_TEXT("vocab-text", ""),
    /** Lower-case and strip accents (from-scratch models only). */
    UNCASED("uncased", "false"),
    /** Maximum epochs. */
    EPOCHS("epochs", "3"),
    /** Cap on optimizer updates, 0 for none. */
    MAX_STEPS("max-steps", "0"),
    /** Windows per batch. */
    BATCH_SIZE("batch-size", "32"),
    /** Window length in word pieces. */
    MAX_LENGTH("max-length", "128"),
    /**
     * Context shared by consecutive windows of a long sentence, in word pieces; {@code auto} is the
     * trainer's default for the window length (a quarter window, at most 32).
     */
    STRIDE("stride", "auto"),
    /** Peak learning rate. */
    LR("lr", "5e-5"),
    /** Warm-up share of the updates. */
    WARMUP("warmup", "0.1"),
    /** Decoupled weight decay. */
    WEIGHT_DECAY("weight-decay", "0.01"),
    /** Gradient clipping norm, 0 for none. */
    MAX_GRAD_NORM("max-grad-norm", "1.0"),
    /** Early stopping patience in epochs, 0 for none. */
    PATIENCE("patience", "0"),
    /** Tag scheme the model predicts: IOB2 or BIOES. */
    SCHEME("scheme", "IOB2"),
    /** Word tag to piece alignment: FIRST, ALL, X. */
    ALIGNMENT("alignment", "FIRST"),
    /** Also checkpoint every N updates (0: epoch ends only); a killed run resumes from the last one. */
    CHECKPOINT_EVERY("checkpoint-every", "0");

    private final String key;
    private final String defaultValue;

    Parameter(String key, String defaultValue) {
        this.key = key;
        this.defaultValue = defaultValue;
    }

    /**
     * The name in a spec, the same as the train option's without the dashes.
     *
     * @return for example {@code batch-size}
     */
    public String key() {
        return key;
    }

    /**
     * The value used when a spec sets none, the train option's default.
     *
     * @return the default as text
     */
    public String defaultValue() {
        return defaultValue;
    }

    /**
     * Finds a parameter by its spec name.
     *
     * @param key for example {@code lr}
     * @return the parameter
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Parameter parse(String key) {
        for (Parameter p : values()) {
            if (p.key.equals(key.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown parameter '" + key + "', expected one of "
                + Arrays.stream(values()).map(Parameter::key).collect(Collectors.joining(", ")));
    }
}
