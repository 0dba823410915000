package io.github.bertner.tagging;

import java.util.List;

/**
 * Token tags derived from character spans, with the spans that could not be placed on token boundaries.
 *
 * @param tags one tag per token
 * @param misaligned spans whose begin or end falls inside a token or between tokens; they got no tags
 */
public record TokenAlignment(List<String> tags, List<CharSpan> misaligned) {

    /**
     * Copies the lists.
     *
     * @param tags tags
     * @param misaligned misaligned spans
     */
    public TokenAlignment {
        tags = List.copyOf(tags);
        misaligned = List.copyOf(misaligned);
    }
}
