package io.github.bertner.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TagCodecTest {

    private static List<String> tags(String s) {
        return List.of(s.split(" "));
    }

    @Test
    void encodesEverySchemeOnAdjacentSameTypeEntities() {
        // [0,2) PER, [2,3) PER, [4,5) LOC
        List<Span> spans = List.of(new Span(0, 2, "PER"), new Span(2, 3, "PER"), new Span(4, 5, "LOC"));
        assertEquals(tags("I-PER I-PER I-PER O I-LOC"), TagCodec.encode(spans, 5, TagScheme.IO));
        assertEquals(tags("I-PER I-PER B-PER O I-LOC"), TagCodec.encode(spans, 5, TagScheme.IOB1));
        assertEquals(tags("B-PER I-PER B-PER O B-LOC"), TagCodec.encode(spans, 5, TagScheme.IOB2));
        assertEquals(tags("I-PER E-PER I-PER O I-LOC"), TagCodec.encode(spans, 5, TagScheme.IOE1));
        assertEquals(tags("I-PER E-PER E-PER O E-LOC"), TagCodec.encode(spans, 5, TagScheme.IOE2));
        assertEquals(tags("B-PER E-PER S-PER O S-LOC"), TagCodec.encode(spans, 5, TagScheme.BIOES));
    }

    @Test
    void decodesIob1AsConll2003Does() {
        // "Bonn I-LOC / Paris B-LOC": two entities; I- after O opens one
        List<Span> spans = TagCodec.decode(tags("O I-LOC B-LOC O I-PER I-PER I-ORG"), TagScheme.IOB1,
                DecodeMode.STRICT).spans();
        assertEquals(List.of(new Span(1, 2, "LOC"), new Span(2, 3, "LOC"), new Span(4, 6, "PER"),
                new Span(6, 7, "ORG")), spans);
    }

    @Test
    void hyphenatedTypesKeepTheirWholeName() {
        List<Span> spans = TagCodec.decodeLenient(tags("B-creative-work I-creative-work O B-person"));
        assertEquals(List.of(new Span(0, 2, "creative-work"), new Span(3, 4, "person")), spans);
        assertEquals(new Tag('B', "creative-work"), Tag.parse("B-creative-work"));
    }

    @Test
    void lenientDecodingOpensChunksLikeConlleval() {
        // I after O opens; type change opens; B after I of same type opens; E closes; S is a single chunk
        assertEquals(List.of(new Span(0, 2, "LOC"), new Span(2, 3, "PER"), new Span(3, 4, "PER")),
                TagCodec.decodeLenient(tags("I-LOC I-LOC I-PER B-PER")));
        assertEquals(List.of(new Span(0, 2, "X"), new Span(2, 3, "X"), new Span(3, 5, "X")),
                TagCodec.decodeLenient(tags("B-X E-X S-X B-X E-X")));
        assertEquals(List.of(new Span(1, 3, "X")), TagCodec.decodeLenient(tags("O I-X E-X O")));
    }

    @Test
    void strictModeReportsSchemeViolationsButKeepsSpans() {
        DecodeResult r = TagCodec.decode(tags("O I-PER I-PER"), TagScheme.IOB2, DecodeMode.STRICT);
        assertEquals(1, r.errors().size());
        assertEquals(1, r.errors().get(0).position());
        assertTrue(r.errors().get(0).message().contains("must follow B-PER"), r.errors().get(0).message());
        assertEquals(List.of(new Span(1, 3, "PER")), r.spans());

        assertEquals(1, TagCodec.decode(tags("O B-LOC"), TagScheme.IOB1, DecodeMode.STRICT).errors().size());
        assertEquals(1, TagCodec.decode(tags("B-LOC O"), TagScheme.BIOES, DecodeMode.STRICT).errors().size());
        assertEquals(1, TagCodec.decode(tags("I-LOC O"), TagScheme.IOE2, DecodeMode.STRICT).errors().size());
        assertEquals(1, TagCodec.decode(tags("B-LOC"), TagScheme.IO, DecodeMode.STRICT).errors().size());
        assertTrue(TagCodec.decode(tags("O I-PER I-PER"), TagScheme.IOB2, DecodeMode.LENIENT).valid());
    }

    @Test
    void rejectsUnknownPrefixesWithPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TagCodec.decodeLenient(tags("O X-PER")));
        assertTrue(e.getMessage().contains("token 1") && e.getMessage().contains("X-PER"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tag.parse("PER"));
        assertThrows(IllegalArgumentException.class, () -> Tag.parse("B-"));
    }

    @Test
    void rejectsOverlappingSpans() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TagCodec.encode(List.of(new Span(0, 3, "A"), new Span(2, 4, "B")), 5, TagScheme.IOB2));
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
    }

    @Test
    void convertsBetweenSchemes() {
        assertEquals(tags("B-PER I-PER B-PER O B-LOC"),
                TagCodec.convert(tags("I-PER I-PER B-PER O I-LOC"), TagScheme.IOB1, TagScheme.IOB2));
    }

    /** decode(encode(spans)) == spans for every scheme on random non-overlapping spans. */
    @ParameterizedTest
    @EnumSource(TagScheme.class)
    void roundTripsRandomSpans(TagScheme scheme) {
        Random rnd = new Random(42 + scheme.ordinal());
        String[] types = {"PER", "LOC", "creative-work"};
        for (int trial = 0; trial < 2000; trial++) {
            int n = 1 + rnd.nextInt(25);
            List<Span> spans = new ArrayList<>();
            int i = 0;
            while (i < n) {
                if (rnd.nextInt(3) == 0) {
                    i++;
                    continue;
                }
                int len = 1 + rnd.nextInt(Math.min(4, n - i));
                String type = types[rnd.nextInt(types.length)];
                if (scheme == TagScheme.IO && !spans.isEmpty()) {
                    Span last = spans.get(spans.size() - 1);
                    if (last.end() == i && last.type().equals(type)) {
                        i++;
                        continue;
                    }
                }
                spans.add(new Span(i, i + len, type));
                i += len;
            }
            List<String> encoded = TagCodec.encode(spans, n, scheme);
            DecodeResult decoded = TagCodec.decode(encoded, scheme, DecodeMode.STRICT);
            assertEquals(spans, decoded.spans(), () -> scheme + " " + encoded);
            assertTrue(decoded.valid(), () -> scheme + " " + encoded + " " + decoded.errors());
        }
    }
}
