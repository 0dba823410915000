package io.github.bertner.tagging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Converts between entity spans and token tags in every {@link TagScheme}.
 *
 * <p>Decoding uses the chunk boundary rules of conlleval.pl, which recover the intended spans from valid
 * sequences of every scheme at once (B/I/E/S/O and IOB1's I-starts). {@link DecodeMode#STRICT} adds a
 * validation pass that reports, per token, where a sequence breaks the chosen scheme's rules.
 */
public final class TagCodec {

    private TagCodec() {
    }

    /**
     * Encodes non-overlapping spans as tags.
     *
     * @param spans spans over tokens {@code [0, length)}; any order
     * @param length number of tokens
     * @param scheme target scheme
     * @return one tag per token
     * @throws IllegalArgumentException when spans overlap or exceed the length
     */
    public static List<String> encode(List<Span> spans, int length, TagScheme scheme) {
        Objects.requireNonNull(scheme, "scheme");
        List<Span> sorted = new ArrayList<>(spans);
        Collections.sort(sorted);
        String[] tags = new String[length];
        java.util.Arrays.fill(tags, "O");
        for (int k = 0; k < sorted.size(); k++) {
            Span s = sorted.get(k);
            if (s.end() > length) {
                throw new IllegalArgumentException("span " + s + " exceeds the sequence length " + length);
            }
            if (k > 0 && sorted.get(k - 1).end() > s.start()) {
                throw new IllegalArgumentException("spans overlap: " + sorted.get(k - 1) + " and " + s
                        + "; flatten nested entities before encoding");
            }
            boolean afterSame = k > 0 && sorted.get(k - 1).end() == s.start()
                    && sorted.get(k - 1).type().equals(s.type());
            boolean beforeSame = k + 1 < sorted.size() && sorted.get(k + 1).start() == s.end()
                    && sorted.get(k + 1).type().equals(s.type());
            for (int i = s.start(); i < s.end(); i++) {
                tags[i] = prefix(scheme, s, i, afterSame, beforeSame) + "-" + s.type();
            }
        }
        return List.of(tags);
    }

    private static char prefix(TagScheme scheme, Span s, int i, boolean afterSame, boolean beforeSame) {
        boolean first = i == s.start();
        boolean last = i == s.end() - 1;
        switch (scheme) {
            case IO:
                return 'I';
            case IOB1:
                return first && afterSame ? 'B' : 'I';
            case IOB2:
                return first ? 'B' : 'I';
            case IOE1:
                return last && beforeSame ? 'E' : 'I';
            case IOE2:
                return last ? 'E' : 'I';
            case BIOES:
                if (first && last) {
                    return 'S';
                }
                return first ? 'B' : last ? 'E' : 'I';
            default:
                throw new IllegalStateException("unhandled scheme " + scheme);
        }
    }

    /**
     * Decodes tags into spans.
     *
     * @param tags one tag per token
     * @param scheme the scheme the tags are meant to follow (checked in strict mode)
     * @param mode strict (report violations) or lenient
     * @return spans and, in strict mode, violations
     * @throws IllegalArgumentException for a tag that cannot be parsed at all, naming its position
     */
    public static DecodeResult decode(List<String> tags, TagScheme scheme, DecodeMode mode) {
        Tag[] parsed = parseAll(tags);
        List<Span> spans = chunks(parsed);
        if (mode == DecodeMode.LENIENT) {
            return new DecodeResult(spans, List.of());
        }
        return new DecodeResult(spans, validate(parsed, tags, scheme));
    }

    /**
     * Decodes tags with conlleval.pl's chunking, whatever scheme they follow.
     *
     * @param tags one tag per token
     * @return the chunks
     */
    public static List<Span> decodeLenient(List<String> tags) {
        return chunks(parseAll(tags));
    }

    /**
     * Re-encodes a tag sequence in another scheme.
     *
     * @param tags tags in {@code from}
     * @param from source scheme (only used for documentation of intent; decoding is lenient)
     * @param to target scheme
     * @return tags in {@code to}
     */
    public static List<String> convert(List<String> tags, TagScheme from, TagScheme to) {
        Objects.requireNonNull(from, "from");
        return encode(decodeLenient(tags), tags.size(), to);
    }

    private static Tag[] parseAll(List<String> tags) {
        Tag[] parsed = new Tag[tags.size()];
        for (int i = 0; i < parsed.length; i++) {
            try {
                parsed[i] = Tag.parse(tags.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("token " + i + ": " + e.getMessage(), e);
            }
        }
        return parsed;
    }

    private static List<Span> chunks(Tag[] tags) {
        List<Span> spans = new ArrayList<>();
        int start = -1;
        Tag prev = Tag.OUTSIDE;
        for (int i = 0; i <= tags.length; i++) {
            Tag cur = i < tags.length ? tags[i] : Tag.OUTSIDE;
            if (start >= 0 && endOfChunk(prev, cur)) {
                spans.add(new Span(start, i, prev.type()));
                start = -1;
            }
            if (i < tags.length && startOfChunk(prev, cur)) {
                start = i;
            }
            prev = cur;
        }
        return spans;
    }

    /** conlleval.pl's endOfChunk: does a chunk end between {@code prev} and {@code cur}. */
    static boolean endOfChunk(Tag prev, Tag cur) {
        char p = prev.prefix();
        char c = cur.prefix();
        if (p == 'O') {
            return false;
        }
        if (p == 'E' || p == 'S') {
            return true;
        }
        if (c == 'B' || c == 'S' || c == 'O') {
            return true;
        }
        return !prev.type().equals(cur.type());
    }

    /** conlleval.pl's startOfChunk: does a chunk start at {@code cur}. */
    static boolean startOfChunk(Tag prev, Tag cur) {
        char p = prev.prefix();
        char c = cur.prefix();
        if (c == 'O') {
            return false;
        }
        if (c == 'B' || c == 'S') {
            return true;
        }
        if (p == 'O' || p == 'E' || p == 'S') {
            return true;
        }
        return !prev.type().equals(cur.type());
    }

    private static List<TagError> validate(Tag[] t, List<String> raw, TagScheme scheme) {
        List<TagError> errors = new ArrayList<>();
        for (int i = 0; i < t.length; i++) {
            Tag cur = t[i];
            if (cur.isOutside()) {
                continue;
            }
            if (!scheme.allowsPrefix(cur.prefix())) {
                errors.add(new TagError(i, raw.get(i), "prefix " + cur.prefix() + "- is not used in " + scheme));
                continue;
            }
            Tag prev = i > 0 ? t[i - 1] : Tag.OUTSIDE;
            Tag next = i + 1 < t.length ? t[i + 1] : Tag.OUTSIDE;
            boolean prevSame = !prev.isOutside() && prev.type().equals(cur.type());
            boolean nextSame = !next.isOutside() && next.type().equals(cur.type());
            String msg = null;
            switch (scheme) {
                case IOB1:
                    if (cur.prefix() == 'B' && !prevSame) {
                        msg = "B-" + cur.type() + " must follow a " + cur.type() + " token in IOB1, found "
                                + raw(raw, i - 1);
                    }
                    break;
                case IOB2:
                    if (cur.prefix() == 'I' && !prevSame) {
                        msg = "I-" + cur.type() + " must follow B-" + cur.type() + " or I-" + cur.type()
                                + " in IOB2, found " + raw(raw, i - 1);
                    }
                    break;
                case IOE1:
                    if (cur.prefix() == 'E' && !nextSame) {
                        msg = "E-" + cur.type() + " must precede a " + cur.type() + " token in IOE1, found "
                                + raw(raw, i + 1);
                    }
                    break;
                case IOE2:
                    if (cur.prefix() == 'I' && !(nextSame && next.prefix() != 'B')) {
                        msg = "I-" + cur.type() + " must be followed by I-" + cur.type() + " or E-" + cur.type()
                                + " in IOE2, found " + raw(raw, i + 1);
                    }
                    break;
                case BIOES:
                    msg = bioesError(cur, prev, next, prevSame, nextSame, raw, i);
                    break;
                default:
                    break;
            }
            if (msg != null) {
                errors.add(new TagError(i, raw.get(i), msg));
            }
        }
        return errors;
    }

    private static String bioesError(Tag cur, Tag prev, Tag next, boolean prevSame, boolean nextSame,
                                     List<String> raw, int i) {
        boolean prevOpen = prevSame && (prev.prefix() == 'B' || prev.prefix() == 'I');
        boolean nextCloses = nextSame && (next.prefix() == 'I' || next.prefix() == 'E');
        switch (cur.prefix()) {
            case 'B':
                return nextCloses ? null : "B-" + cur.type() + " must be followed by I-" + cur.type() + " or E-"
                        + cur.type() + " in BIOES, found " + raw(raw, i + 1);
            case 'I':
                if (!prevOpen) {
                    return "I-" + cur.type() + " must follow B-" + cur.type() + " or I-" + cur.type()
                            + " in BIOES, found " + raw(raw, i - 1);
                }
                return nextCloses ? null : "I-" + cur.type() + " must be followed by I-" + cur.type() + " or E-"
                        + cur.type() + " in BIOES, found " + raw(raw, i + 1);
            case 'E':
                return prevOpen ? null : "E-" + cur.type() + " must follow B-" + cur.type() + " or I-"
                        + cur.type() + " in BIOES, found " + raw(raw, i - 1);
            default:
                return null;
        }
    }

    private static String raw(List<String> raw, int i) {
        return i < 0 ? "sequence start" : i >= raw.size() ? "sequence end" : raw.get(i);
    }
}
