package io.github.bertner.inference;

import ai.djl.Device;
import io.github.bertner.model.BertConfig;
import io.github.bertner.model.ModelSettings;
import io.github.bertner.model.SequenceContext;
import io.github.bertner.model.TokenClassifierModel;
import io.github.bertner.tokenization.TokenizerSettings;
import io.github.bertner.tokenization.WordPieceVocab;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random-weight model folders for tests: a character-level vocabulary (every lower-case word
 * splits into one piece per letter, so words have several pieces) and a one-layer BERT.
 */
public final class TinyModels {

    /** IOB2 labels with two types. */
    public static final List<String> LABELS = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");

    private TinyModels() {
    }

    /** The vocabulary: specials, letters, continuation letters, punctuation. */
    public static List<String> vocabulary() {
        List<String> vocab = new ArrayList<>(List.of(WordPieceVocab.PAD, WordPieceVocab.UNK, WordPieceVocab.CLS,
                WordPieceVocab.SEP, WordPieceVocab.MASK, ".", ",", "!"));
        for (char c = 'a'; c <= 'z'; c++) {
            vocab.add(String.valueOf(c));
        }
        for (char c = 'a'; c <= 'z'; c++) {
            vocab.add(WordPieceVocab.CONTINUATION_PREFIX + c);
        }
        return vocab;
    }

    /**
     * Writes a model folder with random weights.
     *
     * @param dir       target folder
     * @param maxLength window length stored as bertner.max_length
     * @param stride    stride stored as bertner.stride
     * @param seed      weight seed
     * @return the folder
     */
    public static Path write(Path dir, int maxLength, int stride, long seed) throws IOException {
        return write(dir, maxLength, stride, seed, SequenceContext.SENTENCE);
    }

    /**
     * Writes a model folder with random weights and the given sequence context.
     *
     * @param dir       target folder
     * @param maxLength window length stored as bertner.max_length
     * @param stride    stride stored as bertner.stride
     * @param seed      weight seed
     * @param context   stored as bertner.context
     * @return the folder
     */
    public static Path write(Path dir, int maxLength, int stride, long seed, SequenceContext context)
            throws IOException {
        List<String> vocab = vocabulary();
        // a wide initializer gives peaked, varied distributions, so random models still tag entities
        BertConfig config = BertConfig.builder().setVocabSize(vocab.size()).setHiddenSize(32).setNumHiddenLayers(1)
                .setNumAttentionHeads(2).setIntermediateSize(64).optMaxPositionEmbeddings(128)
                .optInitializerRange(0.5).build();
        try (TokenClassifierModel model = TokenClassifierModel.create(config, LABELS, Device.cpu(), seed)) {
            model.setVocabulary(vocab);
            ModelSettings.defaults(new TokenizerSettings(true, null, true, 128, null)).withWindow(maxLength, stride)
                    .withContext(context).writeTo(model);
            model.save(dir);
        }
        return dir;
    }

    /**
     * Random lower-case words of 1 to 6 letters.
     *
     * @param n      number of words
     * @param random source of randomness
     * @return the words
     */
    public static List<String> words(int n, Random random) {
        List<String> words = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int len = 1 + random.nextInt(6);
            StringBuilder w = new StringBuilder();
            for (int j = 0; j < len; j++) {
                w.append((char) ('a' + random.nextInt(26)));
            }
            words.add(w.toString());
        }
        return words;
    }
}
