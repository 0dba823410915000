package io.github.bertner.tokenization;

/**
 * What one model input sequence holds, in training and in prediction alike.
 *
 * <p>{@link #SENTENCE}: each sentence is its own word sequence; a word sees only its sentence.
 * {@link #DOCUMENT}: the sentences of one document are joined into one word sequence, which the
 * {@link SequenceEncoder} cuts into overlapping windows, so a word also sees the sentences around it
 * (CoNLL-2003 names a company in full once and then by a short form); each word is still predicted
 * once, from the window where it has most context, and decoding stays per sentence.
 */
public enum ContextMode {
    /** One sequence per sentence. */
    SENTENCE,
    /** One sequence per document, windowed with overlap. */
    DOCUMENT
}
