package io.github.bertner.eval;

import io.github.bertner.tagging.DecodeMode;
import io.github.bertner.tagging.DecodeResult;
import io.github.bertner.tagging.Span;
import io.github.bertner.tagging.TagCodec;
import io.github.bertner.tagging.TagError;
import io.github.bertner.tagging.TagScheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How tag sequences become entities before they are compared.
 *
 * <p>{@link DecodeMode#LENIENT} is conlleval.pl's chunking: any sequence yields entities, whatever the scheme
 * (an {@code I-X} after {@code O} starts one, a type change starts one). {@link DecodeMode#STRICT} follows
 * seqeval's strict mode: a chunk that contains a token violating {@code scheme} (e.g. an {@code I-X} without a
 * {@code B-X} in IOB2, a {@code B-X} not closed by {@code E-X} in BIOES) forms no entity at all.
 *
 * @param mode lenient or strict
 * @param scheme the scheme checked in strict mode; ignored (and reported as {@code null}) in lenient mode
 */
public record EntityDecoding(DecodeMode mode, TagScheme scheme) {

    /** conlleval.pl's lenient chunking, the default. */
    public static final EntityDecoding LENIENT = new EntityDecoding(DecodeMode.LENIENT, null);

    /**
     * Checks that strict mode names a scheme.
     *
     * @param mode lenient or strict
     * @param scheme the scheme (required for strict)
     */
    public EntityDecoding {
        Objects.requireNonNull(mode, "mode");
        if (mode == DecodeMode.STRICT) {
            Objects.requireNonNull(scheme, "strict decoding needs a tag scheme");
        } else {
            scheme = null;
        }
    }

    /**
     * Strict decoding in a scheme.
     *
     * @param scheme e.g. {@link TagScheme#IOB2} or {@link TagScheme#BIOES}
     * @return the decoding
     */
    public static EntityDecoding strict(TagScheme scheme) {
        return new EntityDecoding(DecodeMode.STRICT, scheme);
    }

    /**
     * Parses a command-line name: {@code lenient} or {@code conlleval} for lenient decoding, otherwise a
     * {@link TagScheme} name ({@code iob2}, {@code bioes}, ...) for strict decoding in that scheme.
     *
     * @param name the name, case-insensitive
     * @return the decoding
     * @throws IllegalArgumentException for an unknown name, listing the valid ones
     */
    public static EntityDecoding parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("lenient") || n.equals("conlleval")) {
            return LENIENT;
        }
        try {
            return strict(TagScheme.parse(n));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scheme '" + name
                    + "': expected lenient (= conlleval) or a tag scheme for strict decoding ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * Decodes one sentence.
     *
     * @param tags tags of the sentence
     * @return entities as token spans (end exclusive), in order
     * @throws IllegalArgumentException for a tag that cannot be parsed, naming its position
     */
    public List<Span> decode(List<String> tags) {
        if (mode == DecodeMode.LENIENT) {
            return TagCodec.decodeLenient(tags);
        }
        DecodeResult result = TagCodec.decode(tags, scheme, DecodeMode.STRICT);
        if (result.errors().isEmpty()) {
            return result.spans();
        }
        boolean[] bad = new boolean[tags.size()];
        for (TagError e : result.errors()) {
            bad[e.position()] = true;
        }
        List<Span> valid = new ArrayList<>();
        for (Span s : result.spans()) {
            boolean ok = true;
            for (int i = s.start(); i < s.end() && ok; i++) {
                ok = !bad[i];
            }
            if (ok) {
                valid.add(s);
            }
        }
        return valid;
    }

    /**
     * Name for reports: {@code lenient} or {@code strict-IOB2} etc.
     *
     * @return the name
     */
    public String label() {
        return mode == DecodeMode.LENIENT ? "lenient" : "strict-" + scheme.name();
    }
}
