package io.github.bertner.tagging;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Token-level encodings of entity spans.
 *
 * <ul>
 *   <li>{@link #IO}: every entity token is {@code I-X}; adjacent same-type entities cannot be told apart.</li>
 *   <li>{@link #IOB1}: entity tokens are {@code I-X}; {@code B-X} only on the first token of an entity that
 *       directly follows another {@code X} entity (original CoNLL-2003).</li>
 *   <li>{@link #IOB2} (BIO): the first token of every entity is {@code B-X}.</li>
 *   <li>{@link #IOE1}: entity tokens are {@code I-X}; {@code E-X} only on the last token of an entity that is
 *       directly followed by another {@code X} entity.</li>
 *   <li>{@link #IOE2}: the last token of every entity is {@code E-X}.</li>
 *   <li>{@link #BIOES} (BILOU): {@code B-X I-X… E-X} for multi-token entities, {@code S-X} for one token.</li>
 * </ul>
 */
public enum TagScheme {
    /** Inside/outside only. */
    IO("I"),
    /** CoNLL-2003 original IOB. */
    IOB1("IB"),
    /** BIO: B- on every entity start. */
    IOB2("IB"),
    /** I-/E- with E- only between adjacent same-type entities. */
    IOE1("IE"),
    /** I-/E- with E- on every entity end. */
    IOE2("IE"),
    /** Begin, inside, end, single (BILOU). */
    BIOES("BIES");

    private final String prefixes;

    TagScheme(String prefixes) {
        this.prefixes = prefixes;
    }

    /**
     * Whether a tag prefix (other than {@code O}) may occur in this scheme.
     *
     * @param prefix one of B, I, E, S
     * @return true when the scheme uses the prefix
     */
    public boolean allowsPrefix(char prefix) {
        return prefix == 'O' || prefixes.indexOf(prefix) >= 0;
    }

    /**
     * Parses a scheme name case-insensitively; {@code BIO} is accepted for {@link #IOB2} and {@code BILOU}
     * / {@code IOBES} for {@link #BIOES}.
     *
     * @param name the scheme name
     * @return the scheme
     * @throws IllegalArgumentException naming the valid values when the name is unknown
     */
    public static TagScheme parse(String name) {
        String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        switch (n) {
            case "BIO":
                return IOB2;
            case "BILOU":
            case "IOBES":
                return BIOES;
            default:
                for (TagScheme s : values()) {
                    if (s.name().equals(n)) {
                        return s;
                    }
                }
                throw new IllegalArgumentException("unknown tag scheme '" + name + "', expected one of "
                        + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "))
                        + " (or BIO, BILOU)");
        }
    }
}
