package io.github.bertner.tokenization;

/**
 * One model input: {@code [CLS] pieces [SEP]} for the words {@code [firstWord, endWord)} of a
 * sequence, unpadded. Arrays have one entry per position; the record does not copy them, so
 * callers must not modify them (array fields make {@code equals} identity-based).
 *
 * @param inputIds       vocabulary ids
 * @param labelIds       label ids where trained, {@link #IGNORE} elsewhere (specials, untrained
 *                       continuation pieces, and everything at prediction time)
 * @param lossMask       positions that enter the loss ({@code labelIds[i] != IGNORE})
 * @param predictionMask positions a word's prediction is read from: the first piece of each word,
 *                       set in exactly one window per word (the one giving it the most context)
 * @param wordIndex      the word of each position, -1 for [CLS] and [SEP]
 * @param charBegin      absolute document begin offset of each piece, -1 for specials
 * @param charEnd        absolute document end offset of each piece, -1 for specials
 * @param firstWord      index of the first word in the window
 * @param endWord        index after the last word in the window
 */
public record EncodedWindow(int[] inputIds, int[] labelIds, boolean[] lossMask, boolean[] predictionMask,
                            int[] wordIndex, int[] charBegin, int[] charEnd, int firstWord, int endWord) {

    /** Label id of positions left out of the loss (PyTorch's CrossEntropyLoss ignore_index). */
    public static final int IGNORE = -100;

    /**
     * Number of positions, [CLS] and [SEP] included.
     *
     * @return the length
     */
    public int length() {
        return inputIds.length;
    }
}
