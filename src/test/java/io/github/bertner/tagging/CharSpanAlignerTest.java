package io.github.bertner.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CharSpanAlignerTest {

    // "Peter Blackburn visited Bonn ."
    private final int[] begins = {0, 6, 16, 24, 29};
    private final int[] ends = {5, 15, 23, 28, 30};

    @Test
    void alignsSpansOnTokenBoundaries() {
        TokenAlignment a = CharSpanAligner.toTags(begins, ends,
                List.of(new CharSpan(0, 15, "PER"), new CharSpan(24, 28, "LOC")), TagScheme.BIOES);
        assertEquals(List.of("B-PER", "E-PER", "O", "S-LOC", "O"), a.tags());
        assertEquals(List.of(), a.misaligned());
    }

    @Test
    void flagsSpansInsideTokensInsteadOfDroppingThem() {
        CharSpan inside = new CharSpan(6, 11, "PER"); // "Black" of "Blackburn"
        CharSpan between = new CharSpan(23, 28, "LOC"); // starts on the space
        TokenAlignment a = CharSpanAligner.toTags(begins, ends, List.of(inside, between), TagScheme.IOB2);
        assertEquals(List.of("O", "O", "O", "O", "O"), a.tags());
        assertEquals(List.of(inside, between), a.misaligned());
    }

    @Test
    void rejectsOverlappingSpans() {
        assertThrows(IllegalArgumentException.class, () -> CharSpanAligner.toTags(begins, ends,
                List.of(new CharSpan(0, 15, "PER"), new CharSpan(6, 15, "PER")), TagScheme.IOB2));
    }
}
