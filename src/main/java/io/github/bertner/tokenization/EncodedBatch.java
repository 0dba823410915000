package io.github.bertner.tokenization;

import java.util.List;

/**
 * Windows padded to a common length, ready to become model tensors. Rows are windows, columns
 * positions; padding positions have the [PAD] id, attention 0, label {@link EncodedWindow#IGNORE}.
 *
 * @param inputIds      vocabulary ids
 * @param attentionMask 1 for real positions, 0 for padding
 * @param tokenTypeIds  segment ids (all 0: single-segment inputs)
 * @param labelIds      label ids, {@link EncodedWindow#IGNORE} where not trained
 * @param windows       the source windows, in row order
 */
public record EncodedBatch(int[][] inputIds, int[][] attentionMask, int[][] tokenTypeIds, int[][] labelIds,
                           List<EncodedWindow> windows) {

    /**
     * Number of windows.
     *
     * @return the batch size
     */
    public int size() {
        return inputIds.length;
    }

    /**
     * Padded length.
     *
     * @return the number of positions per row
     */
    public int length() {
        return inputIds.length == 0 ? 0 : inputIds[0].length;
    }
}
