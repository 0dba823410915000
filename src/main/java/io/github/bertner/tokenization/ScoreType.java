package io.github.bertner.tokenization;

/** What the per-position label scores handed to {@link WordPredictions} are. */
public enum ScoreType {
    /** Probabilities (each position's scores sum to 1). */
    PROBABILITIES,
    /** Natural-log probabilities (log-softmax output). */
    LOG_PROBABILITIES,
    /** Unnormalised logits; a softmax is applied. */
    LOGITS
}
