package io.github.bertner.model;

/**
 * What one word sequence of a model is: the unit it was trained on, so also the unit the tagger must feed it.
 */
public enum SequenceContext {
    /** Each sentence is its own sequence (split into windows only when longer than the window). */
    SENTENCE,
    /**
     * The sentences of one document are concatenated into one word sequence and windowed with stride;
     * every word is predicted once from its best-context window, and decoding then runs per sentence.
     */
    DOCUMENT
}
