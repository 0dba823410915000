package io.github.bertner.io;

import io.github.bertner.tagging.CharSpan;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EntityFlattenerTest {

    // "мэрия Москвы" (ORG) contains "Москвы" (LOC); "A B" and "B C" cross
    private static final CharSpan ORG = new CharSpan(0, 12, "ORG");
    private static final CharSpan LOC = new CharSpan(6, 12, "LOC");
    private static final CharSpan AB = new CharSpan(20, 23, "X");
    private static final CharSpan BC = new CharSpan(22, 27, "Y");
    private static final List<CharSpan> SPANS = List.of(LOC, BC, ORG, AB);

    @Test
    void outermost() {
        assertEquals(List.of(ORG, AB), EntityFlattener.flatten(SPANS, FlatteningPolicy.OUTERMOST));
    }

    @Test
    void innermost() {
        assertEquals(List.of(LOC, AB), EntityFlattener.flatten(SPANS, FlatteningPolicy.INNERMOST));
    }

    @Test
    void longest() {
        assertEquals(List.of(ORG, BC), EntityFlattener.flatten(SPANS, FlatteningPolicy.LONGEST));
    }

    @Test
    void sameExtentKeepsFirstInInputOrder() {
        CharSpan per = new CharSpan(0, 5, "PER");
        CharSpan org = new CharSpan(0, 5, "ORG");
        for (FlatteningPolicy p : FlatteningPolicy.values()) {
            assertEquals(List.of(per), EntityFlattener.flatten(List.of(per, org, per), p), p.name());
        }
    }

    @Test
    void flatInputIsUnchanged() {
        List<CharSpan> flat = List.of(new CharSpan(0, 3, "A"), new CharSpan(4, 6, "B"));
        for (FlatteningPolicy p : FlatteningPolicy.values()) {
            assertEquals(flat, EntityFlattener.flatten(flat, p));
        }
    }
}
