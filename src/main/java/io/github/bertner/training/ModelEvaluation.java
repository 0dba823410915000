package io.github.bertner.training;

import io.github.bertner.eval.EvaluationResult;
import io.github.bertner.eval.Evaluator;
import io.github.bertner.inference.BatchBudget;
import io.github.bertner.inference.SentencePrediction;
import io.github.bertner.inference.WordLevelPredictor;
import io.github.bertner.model.ModelSettings;
import io.github.bertner.model.TokenClassifierModel;
import io.github.bertner.tagging.Decoding;
import io.github.bertner.tokenization.LabelSet;

import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a token classifier on labelled sentences through the tagger's own prediction core
 * ({@link WordLevelPredictor}, Viterbi decoding) with the settings stored in the model
 * ({@link ModelSettings}), so dev scores, early stopping and {@code train --test} measure what {@code tag} delivers.
 */
public final class ModelEvaluation {

    private ModelEvaluation() {
    }

    /**
     * Predicts and scores a saved or loaded model.
     *
     * @param model     a model saved by {@link TokenClassifierTrainer}
     * @param sentences gold sentences
     * @param budget    cap of one inference batch
     * @return strict/relaxed scores, confusion matrices and the rest of the evaluator's result
     */
    public static EvaluationResult evaluate(TokenClassifierModel model, List<LabeledSentence> sentences,
                                            BatchBudget budget) {
        ModelSettings settings = ModelSettings.read(model, "model");
        return evaluate(predictor(model, settings, budget), sentences);
    }

    /**
     * The prediction core over a model with given settings (the trainer's, before they are saved).
     *
     * @param model    the model
     * @param settings its settings
     * @param budget   cap of one inference batch
     * @return the core; it calls the model's logits
     */
    static WordLevelPredictor predictor(TokenClassifierModel model, ModelSettings settings, BatchBudget budget) {
        return new WordLevelPredictor(settings, settings.encoder(settings.tokenizerFor(model),
                LabelSet.of(model.labels())), model::logits, budget);
    }

    /**
     * Predicts and scores with a prediction core; sentences of one document (same id before {@code #}) are
     * predicted together, which is what a {@code DOCUMENT}-context model needs.
     *
     * @param core      the prediction core
     * @param sentences gold sentences
     * @return the evaluator's result
     */
    static EvaluationResult evaluate(WordLevelPredictor core, List<LabeledSentence> sentences) {
        List<List<List<String>>> documents = new ArrayList<>();
        String current = null;
        for (LabeledSentence s : sentences) {
            String doc = documentOf(s.id());
            if (documents.isEmpty() || !doc.equals(current)) {
                documents.add(new ArrayList<>());
                current = doc;
            }
            documents.get(documents.size() - 1).add(s.words());
        }
        List<List<String>> pred = new ArrayList<>();
        for (List<SentencePrediction> doc : core.predictDocuments(documents, Decoding.VITERBI)) {
            for (SentencePrediction p : doc) {
                pred.add(p.tags());
            }
        }
        List<List<String>> gold = new ArrayList<>();
        for (LabeledSentence s : sentences) {
            gold.add(s.tags(core.settings().tagScheme()));
        }
        return Evaluator.evaluate(gold, pred);
    }

    private static String documentOf(String sentenceId) {
        int hash = sentenceId.lastIndexOf('#');
        return hash < 0 ? sentenceId : sentenceId.substring(0, hash);
    }
}
