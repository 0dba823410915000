package io.github.bertner.eval;

import java.util.List;
import java.util.Objects;

/**
 * One sentence to evaluate: word tokens with their gold and predicted tags.
 *
 * @param id where the sentence comes from (e.g. {@code "doc7#3"} or {@code "eng.testa:1204"}), shown in
 *           error listings; never null
 * @param tokens the words; never null, same length as the tags
 * @param gold gold tags, one per word ({@code O}, {@code B-PER}, {@code I-creative-work} ...)
 * @param pred predicted tags, one per word
 */
public record EvalSentence(String id, List<String> tokens, List<String> gold, List<String> pred) {

    /**
     * Validates that all three lists have the same length and copies them.
     *
     * @param id sentence identifier
     * @param tokens words
     * @param gold gold tags
     * @param pred predicted tags
     * @throws IllegalArgumentException when the lengths differ, naming the sentence
     */
    public EvalSentence {
        Objects.requireNonNull(id, "id");
        tokens = List.copyOf(tokens);
        gold = List.copyOf(gold);
        pred = List.copyOf(pred);
        if (gold.size() != tokens.size() || pred.size() != tokens.size()) {
            throw new IllegalArgumentException("sentence " + id + ": expected " + tokens.size()
                    + " gold and predicted tags (one per token), found " + gold.size() + " gold and "
                    + pred.size() + " predicted");
        }
    }

    /**
     * Builds a sentence without words (for callers that only have tags); tokens are {@code w0, w1, ...}.
     *
     * @param id sentence identifier
     * @param gold gold tags
     * @param pred predicted tags
     * @return the sentence
     */
    public static EvalSentence ofTags(String id, List<String> gold, List<String> pred) {
        String[] words = new String[gold.size()];
        for (int i = 0; i < words.length; i++) {
            words[i] = "w" + i;
        }
        return new EvalSentence(id, List.of(words), gold, pred);
    }

    /**
     * Number of words.
     *
     * @return the length
     */
    public int size() {
        return tokens.size();
    }

    /**
     * Same sentence with other predictions, for comparing two systems on one gold standard.
     *
     * @param otherPred predicted tags of the other system
     * @return a new sentence
     */
    public EvalSentence withPred(List<String> otherPred) {
        return new EvalSentence(id, tokens, gold, otherPred);
    }
}
