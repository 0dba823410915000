package io.github.bertner.inference;

import java.util.List;

/**
 * Prediction for one sentence (or any word sequence): one tag per word, the entities those tags
 * form, and the per-word label distributions they were decoded from.
 *
 * @param tags      decoded tag per word, in the model's tag scheme
 * @param probabilities {@code [word][label]} probabilities over the model's labels; shared, do not modify
 * @param entities  entities decoded from {@code tags} (conlleval chunk semantics), in word order
 */
public record SentencePrediction(List<String> tags, float[][] probabilities, List<EntityPrediction> entities) {

    /** Copies the lists and checks that tags and distributions cover the same words. */
    public SentencePrediction {
        tags = List.copyOf(tags);
        entities = List.copyOf(entities);
        if (probabilities.length != tags.size()) {
            throw new IllegalArgumentException("expected one distribution per word (" + tags.size() + "), found "
                    + probabilities.length);
        }
    }

    /** @return number of words */
    public int size() {
        return tags.size();
    }

    /**
     * @param word  word index
     * @param label label id
     * @return the probability of the label at the word
     */
    public double probability(int word, int label) {
        return probabilities[word][label];
    }
}
