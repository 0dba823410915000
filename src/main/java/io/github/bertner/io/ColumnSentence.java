package io.github.bertner.io;

import io.github.bertner.tagging.Span;
import java.util.List;

/**
 * One sentence of a column corpus: its tokens and the entities decoded from their tags.
 *
 * @param tokens   the tokens in file order
 * @param line     1-based line number of the first token, for error messages
 * @param entities entity spans over token indices (end exclusive), types already mapped; empty
 *                 until the tags have been decoded
 */
public record ColumnSentence(List<ColumnToken> tokens, int line, List<Span> entities) {

    /** Copies the lists so the record stays immutable. */
    public ColumnSentence {
        tokens = List.copyOf(tokens);
        entities = List.copyOf(entities);
    }

    /**
     * Returns this sentence with the given entity spans.
     *
     * @param spans decoded spans
     * @return a copy carrying {@code spans}
     */
    public ColumnSentence withEntities(List<Span> spans) {
        return new ColumnSentence(tokens, line, spans);
    }
}
