package io.github.bertner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.io.EntityFlattener;
import io.github.bertner.io.FlatteningPolicy;
import io.github.bertner.tagging.CharSpan;
import io.github.bertner.tagging.Span;
import io.github.bertner.tagging.TagCodec;
import io.github.bertner.tagging.TagScheme;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place where the entity annotations of a sentence become flat word-level spans and tags, shared
 * by training ({@link CasSentences}), evaluation ({@link NerEvaluator}) and the CoNLL writer, so that all
 * three see the same entities. Entities whose boundaries are not token boundaries and entities without a
 * type cannot be expressed as tags; nested or overlapping ones are reduced by an explicit
 * {@link FlatteningPolicy}. Everything left out is returned so the caller counts and logs it.
 */
final class EntityTags {

    /**
     * Flat entities of one sentence and what could not be kept.
     *
     * @param spans      kept entities over token indices, ordered by start
     * @param tags       one tag per token in the requested scheme
     * @param misaligned entities that do not start and end on token boundaries
     * @param untyped    entities without a type (when no default type was given)
     * @param flattened  entities left out by the flattening policy (nested, overlapping or duplicate)
     */
    record Result(List<Span> spans, List<String> tags, List<NamedEntity> misaligned, List<NamedEntity> untyped,
                  int flattened) {
    }

    private EntityTags() {
    }

    /**
     * Flattens and tags the entities of one sentence.
     *
     * @param tokens      the sentence's tokens in order
     * @param entities    entities inside the sentence (any order)
     * @param policy      which of overlapping entities to keep
     * @param scheme      scheme of the returned tags
     * @param untypedType type given to entities without a value, or {@code null} to leave them out
     * @return spans, tags and the entities left out
     */
    static Result tag(List<Token> tokens, Collection<? extends NamedEntity> entities, FlatteningPolicy policy,
                      TagScheme scheme, String untypedType) {
        Map<Integer, Integer> byBegin = new HashMap<>();
        Map<Integer, Integer> byEnd = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            byBegin.put(tokens.get(i).getBegin(), i);
            byEnd.put(tokens.get(i).getEnd(), i + 1);
        }
        List<CharSpan> candidates = new ArrayList<>();
        List<NamedEntity> misaligned = new ArrayList<>();
        List<NamedEntity> untyped = new ArrayList<>();
        for (NamedEntity ne : entities) {
            String type = ne.getValue() == null || ne.getValue().isBlank() ? untypedType : ne.getValue();
            Integer start = byBegin.get(ne.getBegin());
            Integer end = byEnd.get(ne.getEnd());
            if (type == null) {
                untyped.add(ne);
            } else if (start == null || end == null || end <= start) {
                misaligned.add(ne);
            } else {
                candidates.add(new CharSpan(ne.getBegin(), ne.getEnd(), type));
            }
        }
        List<CharSpan> kept = EntityFlattener.flatten(candidates, policy);
        List<Span> spans = new ArrayList<>(kept.size());
        for (CharSpan c : kept) {
            spans.add(new Span(byBegin.get(c.begin()), byEnd.get(c.end()), c.type()));
        }
        return new Result(spans, TagCodec.encode(spans, tokens.size(), scheme), misaligned, untyped,
                candidates.size() - kept.size());
    }
}
