package io.github.bertner.io;

import java.util.List;

/**
 * Result of {@link TextSegmenter#segment}: tokens and sentences of a raw text.
 *
 * @param tokens           word tokens in text order
 * @param sentences        sentences in text order, each covering whole tokens
 * @param tokenSplits      how many times a token was cut because an annotation boundary fell inside it
 * @param sentenceMerges   how many sentence breaks were suppressed because an annotation spans them
 */
public record Segmentation(List<TextRange> tokens, List<TextRange> sentences, int tokenSplits,
                           int sentenceMerges) {

    /** Makes the lists immutable. */
    public Segmentation {
        tokens = List.copyOf(tokens);
        sentences = List.copyOf(sentences);
    }
}
