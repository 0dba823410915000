package io.github.bertner.compare;

import java.util.Objects;

/**
 * One entity of one side of a sentence pair, as the matcher sees it: its surface text and type.
 *
 * @param text       surface text, for example {@code Фельдштейна}
 * @param type       entity type, for example {@code PER}
 * @param confidence the tagger's confidence in [0, 1] (carried along, not used for matching)
 */
public record EntityMention(String text, String type, double confidence) {

    /** Checks that text and type are present. */
    public EntityMention {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(type, "type");
    }
}
