package io.github.bertner.training;

import io.github.bertner.model.BertConfig;
import io.github.bertner.tagging.Span;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic NER sentences and a tiny BERT configuration for fast training tests. */
final class TinyData {

    private static final String[] PEOPLE = {"John", "Mary", "Peter", "Anna", "Smith", "Blackburn"};
    private static final String[] PLACES = {"Paris", "London", "Bonn", "Moscow", "Berlin"};
    private static final String[] FILL = {"the", "man", "went", "to", "said", "that", "in", "yesterday", "a", "city"};

    private TinyData() {
    }

    static BertConfig tinyConfig() {
        return BertConfig.builder().setVocabSize(100).setHiddenSize(32).setNumHiddenLayers(2).setNumAttentionHeads(2)
                .setIntermediateSize(64).optMaxPositionEmbeddings(64).build();
    }

    static List<LabeledSentence> sentences(int n, long seed) {
        Random r = new Random(seed);
        List<LabeledSentence> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> words = new ArrayList<>();
            List<Span> spans = new ArrayList<>();
            int len = 4 + r.nextInt(6);
            while (words.size() < len) {
                int k = r.nextInt(4);
                if (k == 0) {
                    int s = words.size();
                    words.add(PEOPLE[r.nextInt(PEOPLE.length)]);
                    if (r.nextBoolean()) {
                        words.add(PEOPLE[r.nextInt(PEOPLE.length)]);
                    }
                    spans.add(new Span(s, words.size(), "PER"));
                } else if (k == 1) {
                    words.add(PLACES[r.nextInt(PLACES.length)]);
                    spans.add(new Span(words.size() - 1, words.size(), "LOC"));
                } else {
                    words.add(FILL[r.nextInt(FILL.length)]);
                }
            }
            out.add(new LabeledSentence("s" + i, words, spans));
        }
        return out;
    }
}
