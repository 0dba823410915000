package io.github.bertner.tokenization;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelAlignmentTest {

    @TempDir
    Path tmp;

    private static List<String> tags(LabelAlignment a, String tag, int n) {
        return Arrays.asList(a.pieceTags(tag, n));
    }

    @Test
    void firstTrainsOnlyTheFirstPiece() {
        assertEquals(Arrays.asList("B-PER", null, null), tags(LabelAlignment.FIRST, "B-PER", 3));
        assertEquals(List.of("O"), tags(LabelAlignment.FIRST, "O", 1));
    }

    @Test
    void xLabelsContinuations() {
        assertEquals(List.of("I-LOC", "X", "X"), tags(LabelAlignment.X, "I-LOC", 3));
        assertEquals(List.of("S-LOC"), tags(LabelAlignment.X, "S-LOC", 1));
    }

    @Test
    void allContinuesTagsKeepingSchemesWellFormed() {
        LabelAlignment all = LabelAlignment.ALL;
        assertEquals(List.of("B-PER", "I-PER", "I-PER"), tags(all, "B-PER", 3));
        assertEquals(List.of("I-PER", "I-PER"), tags(all, "I-PER", 2));
        assertEquals(List.of("I-PER", "I-PER", "E-PER"), tags(all, "E-PER", 3));
        assertEquals(List.of("B-PER", "I-PER", "E-PER"), tags(all, "S-PER", 3));
        assertEquals(List.of("B-PER", "E-PER"), tags(all, "S-PER", 2));
        assertEquals(List.of("S-PER"), tags(all, "S-PER", 1));
        assertEquals(List.of("B-PER", "I-PER", "L-PER"), tags(all, "U-PER", 3));
        assertEquals(List.of("I-PER", "L-PER"), tags(all, "L-PER", 2));
        assertEquals(List.of("O", "O"), tags(all, "O", 2));
        assertEquals(List.of("PER", "PER"), tags(all, "PER", 2));
        assertThrows(IllegalArgumentException.class, () -> all.pieceTags("O", 0));
    }

    @Test
    void labelSetFromTagsAddsDerivedTagsInStableOrder() {
        List<String> word = List.of("O", "S-LOC", "B-PER", "E-PER", "O");
        assertEquals(List.of("O", "B-LOC", "I-LOC", "E-LOC", "S-LOC", "B-PER", "I-PER", "E-PER"),
                LabelSet.fromTags(word, LabelAlignment.ALL).labels());
        assertEquals(List.of("O", "S-LOC", "B-PER", "E-PER"), LabelSet.fromTags(word, LabelAlignment.FIRST).labels());
        LabelSet x = LabelSet.fromTags(word, LabelAlignment.X);
        assertEquals(List.of("O", "S-LOC", "B-PER", "E-PER", "X"), x.labels());
        assertTrue(x.hasX());
        assertEquals(4, x.xId());
        assertFalse(LabelSet.fromTags(word, LabelAlignment.FIRST).hasX());
        assertEquals(List.of("O"), LabelSet.fromTags(List.of(), LabelAlignment.FIRST).labels());
    }

    @Test
    void labelSetValidatesAndSerialises() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> LabelSet.of(List.of("B-PER", "O")));
        assertThrows(IllegalArgumentException.class, () -> LabelSet.of(List.of("O", "B-PER", "B-PER")));
        assertThrows(IllegalArgumentException.class, () -> LabelSet.fromTags(List.of("X"), LabelAlignment.X));
        LabelSet set = LabelSet.of(List.of("O", "B-PER", "I-PER", "X"));
        assertEquals(2, set.id("I-PER"));
        assertEquals(-1, set.indexOf("B-LOC"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> set.id("B-LOC"));
        assertTrue(e.getMessage().contains("B-LOC"));
        Path f = tmp.resolve("labels.json");
        set.write(f);
        assertEquals(set, LabelSet.read(f));
        assertEquals(set, LabelSet.of(set.labels()));
    }
}
