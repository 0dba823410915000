package io.github.bertner.tokenization;

import java.util.Arrays;

/**
 * How word-level tags are put on a word's WordPieces for training, and read back at prediction.
 *
 * <p>In all three policies a word's prediction is read at its first piece (for {@link #ALL}
 * together with its last piece, see there); the policy and the {@link LabelSet} are part of a
 * trained model and must be the same at training and prediction time.
 *
 * <p>Tag prefixes understood by {@link #ALL}: {@code B-}, {@code I-}, {@code E-}, {@code S-},
 * {@code L-}, {@code U-} (BIO, IOB1, BIOES and BILOU); {@code O} and tags without such a prefix
 * (IO tagging) are copied to every piece.
 */
public enum LabelAlignment {

    /**
     * The first piece carries the word's tag; the other pieces are left out of the loss
     * (label id -100). The standard choice of the BERT paper.
     */
    FIRST,

    /**
     * Every piece is trained, with the tag continued inside the word so that the piece sequence
     * stays well-formed: a {@code B-T} word becomes {@code B-T I-T I-T}, {@code I-T} stays
     * {@code I-T} throughout, {@code E-T} becomes {@code I-T I-T E-T}, a single-word entity
     * {@code S-T} becomes {@code B-T I-T E-T} (BILOU: {@code U-T} becomes {@code B-T I-T L-T},
     * {@code L-T} becomes {@code I-T I-T L-T}). A word with one piece keeps its tag.
     * At prediction the word's distribution over tags {@code t} is proportional to
     * {@code p_first(first(t)) * p_last(last(t))}, where {@code first(t)}/{@code last(t)} are the
     * tags the rule above puts on the first and last piece; so an {@code S-T} word is recognised
     * from a {@code B-T} first piece and an {@code E-T} last piece. For single-piece words it is
     * the piece's own distribution.
     */
    ALL,

    /**
     * The first piece carries the word's tag; every continuation piece gets the dedicated label
     * {@value #X_LABEL}, which is trained (part of the loss, so the model learns where words
     * continue) but never scored and never emitted: predictions are read from first pieces only,
     * with the probability of {@value #X_LABEL} removed and the rest renormalised.
     */
    X;

    /** The continuation label of {@link #X}. */
    public static final String X_LABEL = "X";

    /**
     * The piece-level tags of a word.
     *
     * @param wordTag    the word's tag
     * @param pieceCount number of pieces of the word (at least 1)
     * @return one tag per piece; {@code null} where the piece is not trained
     */
    public String[] pieceTags(String wordTag, int pieceCount) {
        if (pieceCount < 1) {
            throw new IllegalArgumentException("expected at least one piece, found " + pieceCount);
        }
        String[] tags = new String[pieceCount];
        tags[0] = wordTag;
        if (pieceCount == 1) {
            return tags;
        }
        switch (this) {
            case FIRST:
                return tags;
            case X:
                Arrays.fill(tags, 1, pieceCount, X_LABEL);
                return tags;
            default:
                break;
        }
        char prefix = prefix(wordTag);
        if (prefix == 0) {
            Arrays.fill(tags, wordTag);
            return tags;
        }
        String type = wordTag.substring(2);
        String inside = "I-" + type;
        Arrays.fill(tags, 1, pieceCount, inside);
        switch (prefix) {
            case 'B':
                break;
            case 'I':
                tags[0] = inside;
                break;
            case 'E':
                tags[0] = inside;
                tags[pieceCount - 1] = wordTag;
                break;
            case 'L':
                tags[0] = inside;
                tags[pieceCount - 1] = wordTag;
                break;
            case 'S':
                tags[0] = "B-" + type;
                tags[pieceCount - 1] = "E-" + type;
                break;
            case 'U':
                tags[0] = "B-" + type;
                tags[pieceCount - 1] = "L-" + type;
                break;
            default:
                throw new IllegalStateException("unhandled prefix " + prefix);
        }
        return tags;
    }

    /** The scheme prefix letter of a tag, or 0 for O and prefix-less tags. */
    static char prefix(String tag) {
        if (tag.length() > 2 && tag.charAt(1) == '-' && "BIESLU".indexOf(tag.charAt(0)) >= 0) {
            return tag.charAt(0);
        }
        return 0;
    }
}
