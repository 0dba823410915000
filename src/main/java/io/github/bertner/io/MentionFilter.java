package io.github.bertner.io;

import java.util.Locale;

/**
 * Which of a corpus's gold mentions a reader keeps, beyond its label mapping.
 * <p>
 * Some corpora mark more than names: NEREL tags adjectives ("российских" as COUNTRY, "московского" as CITY)
 * and common nouns ("правительство" as ORGANIZATION), which name-only corpora such as BSNLP, and factRuEval
 * read by name spans ({@link FactRuEvalExtent#NAMES}), leave unmarked. A model trained on both learns to tag
 * adjectives as places. {@link #CAPITALIZED} keeps the names: in Russian, as in English, a proper name starts
 * with a capital letter or a digit.
 */
public enum MentionFilter {
    /** Every mapped mention. */
    ALL,
    /**
     * Only mentions whose first letter or digit is not a lower-case letter; the others are left out and
     * counted as {@code entities.lowercase_dropped.<type>}. Also drops the few lower-case names ("iPad",
     * "аль-Багдади").
     */
    CAPITALIZED;

    /**
     * Whether a mention's text passes the filter.
     *
     * @param text the mention's covered text
     * @return true when the mention is kept
     */
    public boolean keeps(String text) {
        if (this == ALL) {
            return true;
        }
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (Character.isLetterOrDigit(c)) {
                return !Character.isLowerCase(c);
            }
            i += Character.charCount(c);
        }
        return true;
    }

    /**
     * Parses a name case-insensitively.
     *
     * @param value {@code all} or {@code capitalized}
     * @return the filter
     * @throws IllegalArgumentException naming the expected values and the value found
     */
    public static MentionFilter parse(String value) {
        for (MentionFilter f : values()) {
            if (f.name().equalsIgnoreCase(value.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("expected all or capitalized, found '" + value + "'");
    }

    /**
     * The name in specs and on the command line.
     *
     * @return {@code all} or {@code capitalized}
     */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
