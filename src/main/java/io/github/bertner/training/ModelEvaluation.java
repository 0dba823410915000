package io.github.bertner.training;

import io.github.bertner.eval.EvaluationResult;
import io.github.bertner.eval.Evaluator;
import io.github.bertner.model.TokenClassifierModel;
import io.github.bertner.tagging.TagScheme;
import io.github.bertner.tokenization.BertWordPieceTokenizer;
import io.github.bertner.tokenization.LabelAlignment;
import io.github.bertner.tokenization.LabelSet;
import io.github.bertner.tokenization.SequenceEncoder;
import io.github.bertner.tokenization.TokenizerSettings;
import io.github.bertner.tokenization.WordPieceVocab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a saved token classifier on labelled sentences with the settings stored in its folder
 * (tag scheme, label alignment, window length), decoding words by Viterbi as during training.
 */
public final class ModelEvaluation {

    private ModelEvaluation() {
    }

    /**
     * Predicts and scores.
     *
     * @param model      a model saved by {@link TokenClassifierTrainer}
     * @param sentences  gold sentences
     * @param maxWindows windows per inference batch
     * @param maxTokens  padded positions per inference batch
     * @return strict/relaxed scores, confusion matrices and the rest of the evaluator's result
     * @throws IOException when the model folder lacks its vocabulary
     */
    public static EvaluationResult evaluate(TokenClassifierModel model, List<LabeledSentence> sentences,
                                            int maxWindows, int maxTokens) throws IOException {
        TagScheme scheme = TagScheme.parse(model.config().bertnerString(TokenClassifierTrainer.TAG_SCHEME_KEY).orElse("IOB2"));
        LabelAlignment alignment = LabelAlignment.valueOf(
                model.config().bertnerString(TokenClassifierTrainer.LABEL_ALIGNMENT_KEY).orElse("FIRST"));
        int maxLength = Integer.parseInt(model.config().bertnerString(TokenClassifierTrainer.MAX_LENGTH_KEY).orElse("128"));
        SequenceEncoder encoder = SequenceEncoder.builder().setTokenizer(tokenizer(model))
                .setLabelSet(LabelSet.of(model.labels())).setAlignment(alignment).setMaxLength(maxLength)
                .setStride(maxLength / 4).build();
        WordTagDecoder decoder = new WordTagDecoder(encoder, scheme, encoder.tokenizer().vocab().padId(), maxWindows, maxTokens);
        List<List<String>> pred = decoder.decode(decoder.encode(sentences), b -> model.logits(b.inputIds(), b.attentionMask()));
        List<List<String>> gold = new ArrayList<>();
        for (LabeledSentence s : sentences) {
            gold.add(s.tags(scheme));
        }
        return Evaluator.evaluate(gold, pred);
    }

    /**
     * The tokenizer stored with a model (vocab.txt and tokenizer_config.json).
     *
     * @param model the model
     * @return its tokenizer
     * @throws IOException when the model has no vocabulary
     */
    static BertWordPieceTokenizer tokenizer(TokenClassifierModel model) throws IOException {
        List<String> pieces = model.vocabulary().orElseThrow(() -> new IOException("model has no vocab.txt"));
        TokenizerSettings settings = TokenizerSettings.cased();
        if (model.tokenizerConfig().isPresent()) {
            Path tmp = Files.createTempFile("bertner-tokenizer", ".json");
            try {
                Files.writeString(tmp, model.tokenizerConfig().get(), StandardCharsets.UTF_8);
                settings = TokenizerSettings.read(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return new BertWordPieceTokenizer(WordPieceVocab.of(pieces), settings);
    }
}
