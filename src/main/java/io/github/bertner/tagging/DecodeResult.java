package io.github.bertner.tagging;

import java.util.List;

/**
 * Spans decoded from a tag sequence and the scheme violations met on the way.
 *
 * @param spans decoded spans in order
 * @param errors violations (empty in lenient mode)
 */
public record DecodeResult(List<Span> spans, List<TagError> errors) {

    /**
     * Copies the lists.
     *
     * @param spans spans
     * @param errors errors
     */
    public DecodeResult {
        spans = List.copyOf(spans);
        errors = List.copyOf(errors);
    }

    /**
     * Whether the sequence obeyed the scheme.
     *
     * @return true when no error was found
     */
    public boolean valid() {
        return errors.isEmpty();
    }
}
