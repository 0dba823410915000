package io.github.bertner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.tagging.Span;
import io.github.bertner.tagging.TagCodec;
import io.github.bertner.tagging.TagScheme;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the entity annotations inside one sentence into word-level IOB2 tags, for the writers.
 * Entities whose boundaries fall inside a token, entities overlapping an earlier (longer) one,
 * and entities without a type cannot be expressed as flat tags: they are reported back so the
 * caller counts and logs them.
 */
final class EntityTags {

    /** Tags of one sentence plus how many entities could not be tagged. */
    record Result(List<String> tags, int misaligned, int overlapping, int untyped) {
    }

    private EntityTags() {
    }

    /**
     * @param tokens   the sentence's tokens in order
     * @param entities entities inside the sentence (any order)
     * @return IOB2 tags, one per token
     */
    static Result tag(List<Token> tokens, List<? extends NamedEntity> entities) {
        Map<Integer, Integer> byBegin = new HashMap<>();
        Map<Integer, Integer> byEnd = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            byBegin.put(tokens.get(i).getBegin(), i);
            byEnd.put(tokens.get(i).getEnd(), i);
        }
        List<NamedEntity> sorted = new ArrayList<>(entities);
        // longest first, so an outer entity wins over the entities nested in it
        sorted.sort(Comparator.comparingInt(NamedEntity::getBegin)
                .thenComparing(Comparator.comparingInt(NamedEntity::getEnd).reversed()));
        List<Span> spans = new ArrayList<>();
        boolean[] taken = new boolean[tokens.size()];
        int misaligned = 0;
        int overlapping = 0;
        int untyped = 0;
        for (NamedEntity entity : sorted) {
            if (entity.getValue() == null || entity.getValue().isBlank()) {
                untyped++;
                continue;
            }
            Integer start = byBegin.get(entity.getBegin());
            Integer last = byEnd.get(entity.getEnd());
            if (start == null || last == null || last < start) {
                misaligned++;
                continue;
            }
            boolean free = true;
            for (int i = start; i <= last; i++) {
                free &= !taken[i];
            }
            if (!free) {
                overlapping++;
                continue;
            }
            for (int i = start; i <= last; i++) {
                taken[i] = true;
            }
            spans.add(new Span(start, last + 1, entity.getValue()));
        }
        spans.sort(Comparator.comparingInt(Span::start));
        return new Result(TagCodec.encode(spans, tokens.size(), TagScheme.IOB2), misaligned, overlapping, untyped);
    }
}
