package io.github.bertner.tagging;

/**
 * A parsed token tag such as {@code B-PER}, {@code I-creative-work} or {@code O}.
 *
 * <p>The prefix is split from the type at the <em>first</em> hyphen, so hyphenated types
 * ({@code B-creative-work}) keep their whole name. BILOU's {@code L} and {@code U} are read as
 * {@code E} and {@code S}.
 *
 * @param prefix one of {@code B I E S O}
 * @param type the entity type, {@code null} for {@code O}
 */
public record Tag(char prefix, String type) {

    /** The outside tag. */
    public static final Tag OUTSIDE = new Tag('O', null);

    /**
     * Validates the components.
     *
     * @param prefix the prefix
     * @param type the type
     */
    public Tag {
        if (prefix == 'O') {
            if (type != null) {
                throw new IllegalArgumentException("the O tag carries no type, found '" + type + "'");
            }
        } else if ("BIES".indexOf(prefix) < 0) {
            throw new IllegalArgumentException("unknown tag prefix '" + prefix + "', expected B, I, E, S or O");
        } else if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException("tag prefix '" + prefix + "' needs a type");
        }
    }

    /**
     * Parses a tag string.
     *
     * @param tag the tag, e.g. {@code B-LOC}
     * @return the parsed tag
     * @throws IllegalArgumentException for an unknown prefix or a missing type, naming the tag
     */
    public static Tag parse(String tag) {
        if (tag == null) {
            throw new IllegalArgumentException("tag is null");
        }
        if (tag.equals("O")) {
            return OUTSIDE;
        }
        int dash = tag.indexOf('-');
        if (dash != 1) {
            throw new IllegalArgumentException("unknown tag '" + tag + "': expected O or <B|I|E|S|L|U>-<TYPE>");
        }
        char p = tag.charAt(0);
        if (p == 'L') {
            p = 'E';
        } else if (p == 'U') {
            p = 'S';
        }
        if ("BIES".indexOf(p) < 0) {
            throw new IllegalArgumentException("unknown tag prefix '" + tag.charAt(0) + "' in tag '" + tag
                    + "': expected B, I, E, S (or L, U) or O");
        }
        String type = tag.substring(2);
        if (type.isEmpty()) {
            throw new IllegalArgumentException("tag '" + tag + "' has no type after the prefix");
        }
        return new Tag(p, type);
    }

    /**
     * Whether this is the outside tag.
     *
     * @return true for {@code O}
     */
    public boolean isOutside() {
        return prefix == 'O';
    }

    @Override
    public String toString() {
        return prefix == 'O' ? "O" : prefix + "-" + type;
    }
}
