package io.github.bertner.training;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * BERT masked-language-model corruption: each eligible position is selected with probability
 * {@code rate} (15%); a selected position becomes {@code [MASK]} with probability 0.8, a random
 * non-special token with 0.1, and keeps its token with 0.1. Only selected positions carry a label;
 * special tokens ([CLS], [SEP], [PAD], [MASK], [UNK] ...) and padding are never selected.
 *
 * <p>The draws come from {@code (seed, step)} only, so the same batch at the same step is masked
 * identically in an uninterrupted and in a resumed run.
 */
public final class MlmMasker {

    private final int vocabSize;
    private final int maskId;
    private final boolean[] special;
    private final int[] replacementIds;
    private final double rate;

    /**
     * Creates a masker.
     *
     * @param vocabSize  number of token ids
     * @param maskId     id of {@code [MASK]}
     * @param specialIds ids that are never selected nor used as random replacements
     * @param rate       selection probability, usually 0.15
     */
    public MlmMasker(int vocabSize, int maskId, int[] specialIds, double rate) {
        if (rate <= 0 || rate >= 1) {
            throw new IllegalArgumentException("expected a masking rate in (0, 1), found " + rate);
        }
        if (maskId < 0 || maskId >= vocabSize) {
            throw new IllegalArgumentException("mask id " + maskId + " outside vocabulary of size " + vocabSize);
        }
        this.vocabSize = vocabSize;
        this.maskId = maskId;
        this.rate = rate;
        this.special = new boolean[vocabSize];
        special[maskId] = true;
        for (int id : specialIds) {
            special[id] = true;
        }
        this.replacementIds = java.util.stream.IntStream.range(0, vocabSize).filter(i -> !special[i]).toArray();
        if (replacementIds.length == 0) {
            throw new IllegalArgumentException("vocabulary has no non-special token to sample");
        }
    }

    /**
     * Masked inputs and their labels.
     *
     * @param inputIds corrupted ids (B, S)
     * @param labels   original id at selected positions, {@link MaskedCrossEntropy#IGNORE} elsewhere
     * @param selected number of selected positions
     */
    public record Masked(int[][] inputIds, int[][] labels, int selected) {
    }

    /**
     * Corrupts a batch.
     *
     * @param inputIds      original ids (B, S); not modified
     * @param attentionMask 1 for real tokens, 0 for padding
     * @param seed          run seed
     * @param step          optimizer step the batch is used for
     * @return the corrupted batch with labels
     */
    public Masked mask(int[][] inputIds, int[][] attentionMask, long seed, long step) {
        SplittableRandom random = new SplittableRandom(Seeds.mix(seed, 0x4D4C4DL, step));
        int[][] out = new int[inputIds.length][];
        int[][] labels = new int[inputIds.length][];
        int selected = 0;
        for (int b = 0; b < inputIds.length; b++) {
            out[b] = inputIds[b].clone();
            labels[b] = new int[inputIds[b].length];
            Arrays.fill(labels[b], MaskedCrossEntropy.IGNORE);
            for (int s = 0; s < inputIds[b].length; s++) {
                int id = inputIds[b][s];
                // one draw per position whatever happens, so the stream does not depend on content
                double u = random.nextDouble();
                double kind = random.nextDouble();
                int replacement = replacementIds[random.nextInt(replacementIds.length)];
                if (attentionMask[b][s] == 0 || id < 0 || id >= vocabSize || special[id] || u >= rate) {
                    continue;
                }
                selected++;
                labels[b][s] = id;
                if (kind < 0.8) {
                    out[b][s] = maskId;
                } else if (kind < 0.9) {
                    out[b][s] = replacement;
                }
            }
        }
        return new Masked(out, labels, selected);
    }
}
