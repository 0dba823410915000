package io.github.bertner.training;

import io.github.bertner.tagging.Decoding;
import io.github.bertner.tagging.TagScheme;
import io.github.bertner.tagging.ViterbiDecoder;
import io.github.bertner.tokenization.Batches;
import io.github.bertner.tokenization.EncodedBatch;
import io.github.bertner.tokenization.EncodedWindow;
import io.github.bertner.tokenization.LabelSet;
import io.github.bertner.tokenization.ScoreType;
import io.github.bertner.tokenization.SequenceEncoder;
import io.github.bertner.tokenization.WordPredictions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Word-level predictions for whole sentences during training: encodes the sentences into windows,
 * runs a logits function over length-bucketed batches, reads one label distribution per word with
 * {@link WordPredictions} and decodes the sentence with the same Viterbi search over the tag scheme's
 * allowed transitions that the tagger uses, so dev scores (and early stopping) measure what users get.
 * Only the prediction position of each word is read, so scores at padding, special tokens and non-first
 * pieces can never reach the metrics.
 */
public final class WordTagDecoder {

    private final SequenceEncoder encoder;
    private final WordPredictions predictions;
    private final ViterbiDecoder viterbi;
    private final int padId;
    private final int maxWindows;
    private final int maxTokens;

    /**
     * Creates a decoder.
     *
     * @param encoder    the encoder of the model (tokenizer, labels, alignment, window size)
     * @param scheme     the tag scheme the labels follow (constrains decoding)
     * @param padId      the vocabulary's [PAD] id
     * @param maxWindows windows per inference batch
     * @param maxTokens  padded positions per inference batch
     */
    public WordTagDecoder(SequenceEncoder encoder, TagScheme scheme, int padId, int maxWindows, int maxTokens) {
        this.encoder = encoder;
        this.predictions = new WordPredictions(encoder.labelSet(), encoder.alignment(), ScoreType.LOGITS);
        this.viterbi = ViterbiDecoder.of(encoder.labelSet().labels(), scheme);
        this.padId = padId;
        this.maxWindows = maxWindows;
        this.maxTokens = maxTokens;
    }

    /**
     * Encoded sentences, ready for repeated decoding (the dev set is encoded once per run).
     *
     * @param windows windows of every sentence
     * @param batches inference batches over all windows
     * @param words   word count of every sentence
     */
    public record Encoded(List<List<EncodedWindow>> windows, List<EncodedBatch> batches, int[] words) {
    }

    /**
     * Encodes sentences without labels.
     *
     * @param sentences the sentences
     * @return windows and batches
     */
    public Encoded encode(List<LabeledSentence> sentences) {
        List<List<EncodedWindow>> windows = new ArrayList<>();
        List<EncodedWindow> all = new ArrayList<>();
        int[] words = new int[sentences.size()];
        for (int i = 0; i < sentences.size(); i++) {
            LabeledSentence s = sentences.get(i);
            List<EncodedWindow> w = encoder.encode(s.words(), s.wordBegins(), null);
            windows.add(w);
            all.addAll(w);
            words[i] = s.words().size();
        }
        List<EncodedBatch> batches = new ArrayList<>();
        if (!all.isEmpty()) {
            for (List<EncodedWindow> b : Batches.bucket(all, maxWindows, maxTokens, 0)) {
                batches.add(Batches.collate(b, padId));
            }
        }
        return new Encoded(windows, batches, words);
    }

    /**
     * Predicts the word labels of encoded sentences.
     *
     * @param encoded from {@link #encode(List)}
     * @param logits  batch to (B, S, C) logits, S the batch's padded length
     * @return one label list per sentence
     */
    public List<List<String>> decode(Encoded encoded, Function<EncodedBatch, float[][][]> logits) {
        Map<EncodedWindow, float[][]> scores = new IdentityHashMap<>();
        for (EncodedBatch batch : encoded.batches()) {
            float[][][] out = logits.apply(batch);
            for (int r = 0; r < batch.size(); r++) {
                EncodedWindow w = batch.windows().get(r);
                scores.put(w, Arrays.copyOf(out[r], w.length()));
            }
        }
        List<List<String>> result = new ArrayList<>();
        for (int i = 0; i < encoded.windows().size(); i++) {
            List<EncodedWindow> ws = encoded.windows().get(i);
            List<float[][]> sc = new ArrayList<>();
            for (EncodedWindow w : ws) {
                sc.add(scores.get(w));
            }
            result.add(encoded.words()[i] == 0 ? List.of()
                    : viterbiLabels(predictions.decode(ws, sc, encoded.words()[i])));
        }
        return result;
    }

    private List<String> viterbiLabels(float[][] probabilities) {
        List<String> labels = encoder.labelSet().labels();
        List<String> out = new ArrayList<>(probabilities.length);
        for (int id : viterbi.decodeProbabilities(probabilities, Decoding.VITERBI)) {
            out.add(labels.get(id));
        }
        return out;
    }

    /**
     * The label set.
     *
     * @return labels
     */
    public LabelSet labels() {
        return encoder.labelSet();
    }
}
