package io.github.bertner.tokenization;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Turns a sequence of words (a sentence or a whole document) with optional tags into model
 * windows of at most {@code maxLength} positions.
 *
 * <p>Windowing. When the pieces of all words fit in {@code maxLength - 2}, there is one window.
 * Otherwise the sequence is cut at word boundaries into overlapping windows: each window takes as
 * many whole words as fit, and the next one starts at the earliest word such that the overlap is
 * at most {@code stride} pieces (it is less when word boundaries do not allow exactly
 * {@code stride}; with stride 0 windows do not overlap). Each window adds at least one new word.
 * A single word with more than {@code maxLength - 2} pieces gets a window of its own holding its
 * first {@code maxLength - 2} pieces; the rest is dropped, its prediction is still read from its
 * first piece, and under {@link LabelAlignment#ALL} its piece tags are computed for the kept
 * pieces so they stay well-formed.
 *
 * <p>Prediction window. A word that appears in several windows is predicted in exactly one: the
 * window maximising {@code min(left, right)}, the pieces between the word and the window's
 * start and end (ties: larger {@code left + right}, then the earlier window). The loss, in
 * contrast, covers every window a word appears in, which gives the overlap extra training
 * context.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SequenceEncoder {

    private final BertWordPieceTokenizer tokenizer;
    private final LabelSet labelSet;
    private final LabelAlignment alignment;
    private final int maxLength;
    private final int stride;

    private SequenceEncoder(Builder b) {
        this.tokenizer = b.tokenizer;
        this.labelSet = b.labelSet;
        this.alignment = b.alignment;
        this.maxLength = b.maxLength;
        this.stride = b.stride;
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Configuration of a {@link SequenceEncoder}; every setter is required. */
    public static final class Builder {
        private BertWordPieceTokenizer tokenizer;
        private LabelSet labelSet;
        private LabelAlignment alignment;
        private int maxLength = -1;
        private int stride = -1;

        private Builder() {
        }

        /**
         * The tokenizer.
         *
         * @param tokenizer the tokenizer
         * @return this builder
         */
        public Builder setTokenizer(BertWordPieceTokenizer tokenizer) {
            this.tokenizer = tokenizer;
            return this;
        }

        /**
         * The labels of the classification head.
         *
         * @param labelSet the label set
         * @return this builder
         */
        public Builder setLabelSet(LabelSet labelSet) {
            this.labelSet = labelSet;
            return this;
        }

        /**
         * How word tags go onto pieces.
         *
         * @param alignment the alignment policy
         * @return this builder
         */
        public Builder setAlignment(LabelAlignment alignment) {
            this.alignment = alignment;
            return this;
        }

        /**
         * Window length in positions, [CLS] and [SEP] included.
         *
         * @param maxLength at least 3 and at most the tokenizer's model_max_length
         * @return this builder
         */
        public Builder setMaxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        /**
         * Most pieces shared by consecutive windows.
         *
         * @param stride at least 0 and less than {@code maxLength - 2}
         * @return this builder
         */
        public Builder setStride(int stride) {
            this.stride = stride;
            return this;
        }

        /**
         * Validates the configuration.
         *
         * @return the encoder
         * @throws IllegalArgumentException on a missing or inconsistent setting
         */
        public SequenceEncoder build() {
            Objects.requireNonNull(tokenizer, "setTokenizer is required");
            Objects.requireNonNull(labelSet, "setLabelSet is required");
            Objects.requireNonNull(alignment, "setAlignment is required");
            if (maxLength < 3 || maxLength > tokenizer.settings().modelMaxLength()) {
                throw new IllegalArgumentException("expected maxLength in [3, "
                        + tokenizer.settings().modelMaxLength() + "], found " + maxLength);
            }
            if (stride < 0 || stride >= maxLength - 2) {
                throw new IllegalArgumentException("expected stride in [0, " + (maxLength - 2) + "), found " + stride);
            }
            if ((alignment == LabelAlignment.X) != labelSet.hasX()) {
                throw new IllegalArgumentException("expected a label set " + (alignment == LabelAlignment.X
                        ? "with" : "without") + " \"" + LabelAlignment.X_LABEL + "\" for alignment " + alignment
                        + ", found " + labelSet.labels());
            }
            return new SequenceEncoder(this);
        }
    }

    /**
     * The tokenizer.
     *
     * @return the tokenizer
     */
    public BertWordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * The label set.
     *
     * @return the label set
     */
    public LabelSet labelSet() {
        return labelSet;
    }

    /**
     * The alignment policy.
     *
     * @return the alignment
     */
    public LabelAlignment alignment() {
        return alignment;
    }

    /**
     * The window length.
     *
     * @return maxLength, [CLS] and [SEP] included
     */
    public int maxLength() {
        return maxLength;
    }

    /**
     * The window overlap bound.
     *
     * @return stride in pieces
     */
    public int stride() {
        return stride;
    }

    /**
     * Encodes a sequence of words.
     *
     * @param words      covered texts of the words (CAS tokens)
     * @param wordBegins document begin offset of each word
     * @param wordTags   the gold tag of each word for training, or null at prediction time
     * @return the windows in order; empty for an empty sequence
     * @throws IllegalArgumentException on mismatched lengths or a tag missing from the label set
     */
    public List<EncodedWindow> encode(List<String> words, int[] wordBegins, List<String> wordTags) {
        int n = words.size();
        if (wordBegins.length != n || (wordTags != null && wordTags.size() != n)) {
            throw new IllegalArgumentException("expected " + n + " word begins and tags, found " + wordBegins.length
                    + " begins and " + (wordTags == null ? "no" : String.valueOf(wordTags.size())) + " tags");
        }
        if (n == 0) {
            return List.of();
        }
        List<List<Piece>> pieces = tokenizer.tokenizeWordsGrouped(words, wordBegins);
        int capacity = maxLength - 2;
        int[] start = new int[n + 1];
        for (int w = 0; w < n; w++) {
            start[w + 1] = start[w] + pieces.get(w).size();
        }
        int[] tagIds = null;
        if (wordTags != null) {
            tagIds = new int[n];
            for (int w = 0; w < n; w++) {
                String tag = wordTags.get(w);
                if (labelSet.indexOf(tag) < 0 || (labelSet.hasX() && labelSet.xId() == labelSet.indexOf(tag))) {
                    throw new IllegalArgumentException("word " + w + " (\"" + words.get(w) + "\"): expected a tag of "
                            + labelSet.labels() + ", found \"" + tag + "\"");
                }
                tagIds[w] = labelSet.indexOf(tag);
            }
        }

        List<int[]> spans = windows(start, n, capacity);

        // best window per word: maximise min(left, right), then left + right, then the earlier window
        int[] bestWindow = new int[n];
        long[] bestScore = new long[n];
        Arrays.fill(bestScore, Long.MIN_VALUE);
        for (int k = 0; k < spans.size(); k++) {
            int s = spans.get(k)[0];
            int e = spans.get(k)[1];
            int total = kept(start, s, e, capacity);
            for (int w = s; w < e; w++) {
                int left = start[w] - start[s];
                int right = total - left - Math.min(start[w + 1] - start[w], capacity);
                long score = (long) Math.min(left, right) * (2L * maxLength + 1) + left + right;
                if (score > bestScore[w]) {
                    bestScore[w] = score;
                    bestWindow[w] = k;
                }
            }
        }

        WordPieceVocab vocab = tokenizer.vocab();
        List<EncodedWindow> out = new ArrayList<>(spans.size());
        for (int k = 0; k < spans.size(); k++) {
            int s = spans.get(k)[0];
            int e = spans.get(k)[1];
            int len = kept(start, s, e, capacity) + 2;
            int[] ids = new int[len];
            int[] labels = new int[len];
            boolean[] loss = new boolean[len];
            boolean[] predict = new boolean[len];
            int[] wordIndex = new int[len];
            int[] begin = new int[len];
            int[] end = new int[len];
            Arrays.fill(labels, EncodedWindow.IGNORE);
            ids[0] = vocab.clsId();
            wordIndex[0] = -1;
            begin[0] = -1;
            end[0] = -1;
            int pos = 1;
            for (int w = s; w < e; w++) {
                List<Piece> wp = pieces.get(w);
                int count = Math.min(wp.size(), capacity);
                String[] pieceTags = tagIds == null ? null : alignment.pieceTags(wordTags.get(w), count);
                for (int i = 0; i < count; i++) {
                    Piece p = wp.get(i);
                    ids[pos] = p.id();
                    wordIndex[pos] = w;
                    begin[pos] = p.begin();
                    end[pos] = p.end();
                    if (pieceTags != null && pieceTags[i] != null) {
                        int label = labelSet.indexOf(pieceTags[i]);
                        if (label < 0) {
                            throw new IllegalArgumentException("word " + w + " (\"" + words.get(w) + "\"): alignment "
                                    + alignment + " needs the piece label \"" + pieceTags[i] + "\", missing from "
                                    + labelSet.labels() + "; build the label set with LabelSet.fromTags");
                        }
                        labels[pos] = label;
                        loss[pos] = true;
                    }
                    if (i == 0 && bestWindow[w] == k) {
                        predict[pos] = true;
                    }
                    pos++;
                }
            }
            ids[pos] = vocab.sepId();
            wordIndex[pos] = -1;
            begin[pos] = -1;
            end[pos] = -1;
            out.add(new EncodedWindow(ids, labels, loss, predict, wordIndex, begin, end, s, e));
        }
        return out;
    }

    /** Pieces kept for words [s, e): all of them, except a lone over-long word, cut to capacity. */
    private static int kept(int[] start, int s, int e, int capacity) {
        return Math.min(start[e] - start[s], capacity);
    }

    /** Word ranges {start, end} of the windows. */
    private List<int[]> windows(int[] start, int n, int capacity) {
        List<int[]> spans = new ArrayList<>();
        int s = 0;
        while (true) {
            int e = s;
            while (e < n && start[e + 1] - start[s] <= capacity) {
                e++;
            }
            if (e == s) {
                e = s + 1;
            }
            spans.add(new int[] {s, e});
            if (e >= n) {
                return spans;
            }
            // earliest next start sharing at most `stride` pieces, then moved on until word e fits
            int next = s + 1;
            while (next < e && start[e] - start[next] > stride) {
                next++;
            }
            int lenE = Math.min(start[e + 1] - start[e], capacity);
            while (next < e && start[e] - start[next] + lenE > capacity) {
                next++;
            }
            s = next;
        }
    }
}
