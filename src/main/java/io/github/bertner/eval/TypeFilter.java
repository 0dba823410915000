package io.github.bertner.eval;

import io.github.bertner.tagging.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Scores a subset of the entity types: every tag of another type becomes {@code O}, in the gold tags and in the
 * predictions alike, so those entities count neither as found nor as missed.
 * <p>
 * For comparisons across annotation conventions: factRuEval has almost no MISC gold, and the natasha/naeval
 * benchmark scores PER, LOC and ORG only. Tags that do not parse are left as they are, so the evaluator still
 * names them with their sentence and position.
 */
public final class TypeFilter {

    private TypeFilter() {
    }

    /**
     * The sentences with only the given types' tags kept.
     *
     * @param sentences the sentences
     * @param types     the types to score; empty keeps every type
     * @return new sentences (the same list when {@code types} is empty)
     */
    public static List<EvalSentence> keep(List<EvalSentence> sentences, Set<String> types) {
        if (types.isEmpty()) {
            return sentences;
        }
        List<EvalSentence> out = new ArrayList<>(sentences.size());
        for (EvalSentence s : sentences) {
            out.add(new EvalSentence(s.id(), s.tokens(), keepTags(s.gold(), types), keepTags(s.pred(), types)));
        }
        return out;
    }

    /**
     * Counts the tokens tagged with each type, gold and predicted together, for reporting what a filter drops
     * and for checking that a requested type occurs at all.
     *
     * @param sentences the sentences
     * @return type → {gold tokens, predicted tokens}, types in alphabetical order
     */
    public static SortedMap<String, long[]> tokensPerType(List<EvalSentence> sentences) {
        SortedMap<String, long[]> counts = new TreeMap<>();
        for (EvalSentence s : sentences) {
            for (int i = 0; i < s.tokens().size(); i++) {
                count(counts, s.gold().get(i), 0);
                count(counts, s.pred().get(i), 1);
            }
        }
        return counts;
    }

    private static void count(SortedMap<String, long[]> counts, String tag, int column) {
        String type = typeOf(tag);
        if (type != null) {
            counts.computeIfAbsent(type, k -> new long[2])[column]++;
        }
    }

    private static List<String> keepTags(List<String> tags, Set<String> types) {
        List<String> out = new ArrayList<>(tags.size());
        for (String t : tags) {
            String type = typeOf(t);
            out.add(type == null || types.contains(type) ? t : "O");
        }
        return out;
    }

    /** The tag's type, or null for O and for a tag that does not parse. */
    private static String typeOf(String tag) {
        try {
            return Tag.parse(tag).type();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
