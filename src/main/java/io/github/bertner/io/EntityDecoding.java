package io.github.bertner.io;

import io.github.bertner.tagging.DecodeMode;
import io.github.bertner.tagging.DecodeResult;
import io.github.bertner.tagging.LabelMapping;
import io.github.bertner.tagging.Span;
import io.github.bertner.tagging.Tag;
import io.github.bertner.tagging.TagCodec;
import io.github.bertner.tagging.TagError;
import io.github.bertner.tagging.TagScheme;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the tag column of parsed column documents into entity spans with mapped types, applying the
 * alignment policy to unknown tags and invalid tag sequences.
 *
 * <p>Under {@link AlignmentPolicy#SKIP_ANNOTATION} an unknown tag is read as {@code O} and a sentence
 * with an invalid sequence is decoded with conlleval.pl semantics ({@link TagCodec#decodeLenient});
 * both are recorded as issues. Under {@link AlignmentPolicy#SKIP_DOCUMENT} the document is dropped.
 * With {@link DecodeMode#LENIENT} invalid sequences are repaired by the codec and counted as
 * {@code quirks.repairedTags}. A type the label mapping does not know is a configuration error and
 * always throws; a type mapped to {@code -} is dropped and counted as {@code entities.dropped.<type>}.
 *
 * @param scheme  the scheme of the tag column
 * @param mode    strict or lenient decoding
 * @param policy  what to do with bad tags
 * @param mapping corpus type to common type
 */
public record EntityDecoding(TagScheme scheme, DecodeMode mode, AlignmentPolicy policy, LabelMapping mapping) {

    private static final Logger LOG = LoggerFactory.getLogger(EntityDecoding.class);

    /** Validates that every setting is present. */
    public EntityDecoding {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(mapping, "mapping");
    }

    /**
     * Decodes the tags of every sentence of a document.
     *
     * @param document the parsed document
     * @param report   receives issues and counters
     * @return the document with entity spans, or empty when the policy skips it
     * @throws ReaderException under {@link AlignmentPolicy#FAIL}, or for a type the mapping lacks
     */
    public Optional<ColumnDocument> decode(ColumnDocument document, ReadReport report) {
        PolicyGate gate = new PolicyGate(document.file(), policy, report);
        List<ColumnSentence> out = new ArrayList<>(document.sentences().size());
        for (ColumnSentence sentence : document.sentences()) {
            List<String> tags = new ArrayList<>(sentence.tokens().size());
            boolean tagsBroken = false;
            for (ColumnToken token : sentence.tokens()) {
                String tag = token.tag();
                try {
                    Tag.parse(tag);
                } catch (IllegalArgumentException e) {
                    gate.reject(token.line(), document.id(), "unknown-tag",
                            "a tag O or <prefix>-<type> with prefix B, I, E, S, L or U", "'" + tag + "'",
                            "tag read as O");
                    tagsBroken = true;
                    tag = "O";
                }
                tags.add(tag);
            }
            if (tagsBroken && policy == AlignmentPolicy.SKIP_DOCUMENT) {
                return Optional.empty();
            }
            // validate even in lenient mode, so that every repaired tag is counted, never silent
            DecodeResult result = TagCodec.decode(tags, scheme, DecodeMode.STRICT);
            List<Span> spans = result.spans();
            if (!result.errors().isEmpty()) {
                if (mode == DecodeMode.LENIENT) {
                    report.add("quirks.repairedTags", result.errors().size());
                    for (TagError e : result.errors()) {
                        LOG.warn("{}:{}: repaired tag '{}' ({}); decoded with conlleval.pl semantics",
                                document.file(), sentence.tokens().get(e.position()).line(), e.tag(), e.message());
                    }
                    spans = TagCodec.decodeLenient(tags);
                } else {
                    TagError first = result.errors().get(0);
                    ColumnToken token = sentence.tokens().get(first.position());
                    gate.reject(token.line(), document.id(), "invalid-tag-sequence",
                            "a valid " + scheme + " sequence (" + first.message() + ")", "'" + first.tag() + "'",
                            "sentence decoded leniently");
                    if (policy == AlignmentPolicy.SKIP_DOCUMENT) {
                        return Optional.empty();
                    }
                    spans = TagCodec.decodeLenient(tags);
                }
            }
            out.add(sentence.withEntities(mapTypes(spans, sentence, document.file(), report)));
        }
        return Optional.of(document.withSentences(out));
    }

    private List<Span> mapTypes(List<Span> spans, ColumnSentence sentence, String file, ReadReport report) {
        List<Span> mapped = new ArrayList<>(spans.size());
        for (Span span : spans) {
            Optional<String> target;
            try {
                target = mapping.map(span.type());
            } catch (IllegalArgumentException e) {
                int line = sentence.tokens().get(span.start()).line();
                throw new ReaderException(file, line, "label mapping '" + mapping.name() + "' has no entry for type '" + span.type() + "'");
            }
            if (target.isEmpty()) {
                report.count("entities.dropped");
                report.count("entities.dropped." + span.type());
                continue;
            }
            mapped.add(new Span(span.start(), span.end(), target.get()));
        }
        return mapped;
    }
}
