package io.github.bertner.training;

import io.github.bertner.tagging.Span;
import io.github.bertner.tagging.TagCodec;
import io.github.bertner.tagging.TagScheme;

import java.util.List;
import java.util.Objects;

/**
 * A training or evaluation sentence: its words and its gold entities as word-index spans. Kept
 * independent of any tag scheme; {@link #tags(TagScheme)} encodes it in the scheme of the run.
 *
 * @param id       where it comes from (document id or file and sentence number), for messages
 * @param words    the words, non-empty strings
 * @param entities gold entities over word indices, non-overlapping
 */
public record LabeledSentence(String id, List<String> words, List<Span> entities) {

    /** Copies the lists and checks the spans lie inside the sentence. */
    public LabeledSentence {
        Objects.requireNonNull(id, "id");
        words = List.copyOf(words);
        entities = List.copyOf(entities);
        for (Span s : entities) {
            if (s.end() > words.size()) {
                throw new IllegalArgumentException(id + ": entity " + s + " ends after the sentence's "
                        + words.size() + " words");
            }
        }
    }

    /**
     * The word tags in a scheme.
     *
     * @param scheme the tag scheme
     * @return one tag per word
     */
    public List<String> tags(TagScheme scheme) {
        return TagCodec.encode(entities, words.size(), scheme);
    }

    /**
     * Character offsets for the words as if joined by single spaces (offsets only serve the
     * piece-to-word bookkeeping of the encoder; the model never sees them).
     *
     * @return begin offset of every word
     */
    public int[] wordBegins() {
        return wordBegins(words);
    }

    /**
     * Character offsets for words as if joined by single spaces, for word lists without a source text.
     *
     * @param words the words
     * @return begin offset of every word
     */
    public static int[] wordBegins(List<String> words) {
        int[] begins = new int[words.size()];
        int pos = 0;
        for (int i = 0; i < begins.length; i++) {
            begins[i] = pos;
            pos += words.get(i).length() + 1;
        }
        return begins;
    }

    /**
     * The document part of an id: everything before the last {@code #} (ids are
     * {@code <document>#<sentence number>}), or the whole id when it has none.
     *
     * @return the document id
     */
    public String documentId() {
        int hash = id.lastIndexOf('#');
        return hash < 0 ? id : id.substring(0, hash);
    }

    /**
     * Joins consecutive sentences of the same document into one sequence (words concatenated,
     * entity spans shifted), for {@link io.github.bertner.tokenization.ContextMode#DOCUMENT}.
     *
     * @param sentences sentences in corpus order
     * @return one sequence per run of sentences with the same {@link #documentId()}, id = the document id
     */
    public static List<LabeledSentence> joinDocuments(List<LabeledSentence> sentences) {
        List<LabeledSentence> out = new java.util.ArrayList<>();
        int i = 0;
        while (i < sentences.size()) {
            String doc = sentences.get(i).documentId();
            List<String> words = new java.util.ArrayList<>();
            List<Span> spans = new java.util.ArrayList<>();
            while (i < sentences.size() && sentences.get(i).documentId().equals(doc)) {
                LabeledSentence s = sentences.get(i);
                int shift = words.size();
                words.addAll(s.words());
                for (Span sp : s.entities()) {
                    spans.add(new Span(sp.start() + shift, sp.end() + shift, sp.type()));
                }
                i++;
            }
            if (!words.isEmpty()) {
                out.add(new LabeledSentence(doc, words, spans));
            }
        }
        return out;
    }
}
