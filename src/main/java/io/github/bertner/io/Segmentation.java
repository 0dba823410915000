package io.github.bertner.io;

import java.util.ArrayList;
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

    /**
     * Index of each sentence's first token in {@link #tokens()}.
     *
     * @return one index per sentence (the token count for a sentence without tokens)
     */
    public int[] firstTokens() {
        int[] first = new int[sentences.size()];
        int t = 0;
        for (int s = 0; s < first.length; s++) {
            while (t < tokens.size() && tokens.get(t).begin() < sentences.get(s).begin()) {
                t++;
            }
            first[s] = t;
        }
        return first;
    }

    /**
     * The words of each sentence, cut from the segmented text.
     *
     * @param text the text this segmentation was made from
     * @return one word list per sentence, in text order
     */
    public List<List<String>> sentenceWords(String text) {
        int[] first = firstTokens();
        List<List<String>> out = new ArrayList<>(sentences.size());
        for (int s = 0; s < first.length; s++) {
            List<String> words = new ArrayList<>();
            for (int t = first[s]; t < tokens.size() && tokens.get(t).end() <= sentences.get(s).end(); t++) {
                words.add(text.substring(tokens.get(t).begin(), tokens.get(t).end()));
            }
            out.add(words);
        }
        return out;
    }
}
