package io.github.bertner.spark;

import ai.djl.Device;
import io.github.bertner.model.BertConfig;
import io.github.bertner.model.ModelSettings;
import io.github.bertner.model.TokenClassifierModel;
import io.github.bertner.tokenization.TokenizerSettings;
import io.github.bertner.tokenization.WordPieceVocab;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A random-weight model folder: lower-cased letters as pieces (so a word has several pieces, and
 * digits and most punctuation are [UNK]), one BERT layer, IOB2 labels of the CoNLL types. Its
 * predictions are meaningless but deterministic, which is all an equality test needs.
 */
final class TestModels {

    static final List<String> LABELS = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG",
            "B-MISC", "I-MISC");

    private TestModels() {
    }

    /**
     * @param dir       target folder
     * @param maxLength window length in pieces (short windows exercise the overlap logic)
     * @param seed      weight seed
     * @return the folder
     */
    static Path write(Path dir, int maxLength, long seed) throws IOException {
        List<String> vocab = new ArrayList<>(List.of(WordPieceVocab.PAD, WordPieceVocab.UNK, WordPieceVocab.CLS,
                WordPieceVocab.SEP, WordPieceVocab.MASK, ".", ",", "-"));
        for (char c = 'a'; c <= 'z'; c++) {
            vocab.add(String.valueOf(c));
        }
        for (char c = 'a'; c <= 'z'; c++) {
            vocab.add(WordPieceVocab.CONTINUATION_PREFIX + c);
        }
        // a wide initializer gives peaked, varied distributions, so a random model still finds entities
        BertConfig config = BertConfig.builder().setVocabSize(vocab.size()).setHiddenSize(32).setNumHiddenLayers(1)
                .setNumAttentionHeads(2).setIntermediateSize(64).optMaxPositionEmbeddings(128)
                .optInitializerRange(0.5).build();
        try (TokenClassifierModel model = TokenClassifierModel.create(config, LABELS, Device.cpu(), seed)) {
            model.setVocabulary(vocab);
            ModelSettings.defaults(new TokenizerSettings(true, null, true, 128, null))
                    .withWindow(maxLength, maxLength / 4).writeTo(model);
            model.save(dir);
        }
        return dir;
    }
}
