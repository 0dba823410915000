package io.github.bertner.tagging;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How word-level label scores become tags. */
public enum Decoding {
    /** Best sequence allowed by the tag scheme's transition constraints. */
    VITERBI,
    /** Best label per word, independently; may yield sequences the scheme does not allow. */
    ARGMAX;

    /**
     * Parses a decoding name, case-insensitively.
     *
     * @param name {@code viterbi} or {@code argmax}
     * @return the decoding
     * @throws IllegalArgumentException naming the valid values for anything else
     */
    public static Decoding parse(String name) {
        for (Decoding d : values()) {
            if (d.name().equalsIgnoreCase(name.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown decoding '" + name + "', expected one of "
                + Arrays.stream(values()).map(d -> d.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
