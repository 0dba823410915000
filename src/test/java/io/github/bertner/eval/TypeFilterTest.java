package io.github.bertner.eval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class TypeFilterTest {

    // gold: PER, MISC, LOC; predicted: PER, a false MISC, LOC as ORG
    private static final List<EvalSentence> SENTENCES = List.of(new EvalSentence("s0",
            List.of("Ann", "Lee", "saw", "Euro", "2000", "in", "Rome"),
            List.of("B-PER", "I-PER", "O", "B-MISC", "I-MISC", "O", "B-LOC"),
            List.of("B-PER", "I-PER", "B-MISC", "O", "O", "O", "B-ORG")));

    @Test
    void otherTypesBecomeOutsideInGoldAndPredictions() {
        EvalSentence s = TypeFilter.keep(SENTENCES, Set.of("PER", "LOC")).get(0);
        assertEquals(List.of("B-PER", "I-PER", "O", "O", "O", "O", "B-LOC"), s.gold());
        assertEquals(List.of("B-PER", "I-PER", "O", "O", "O", "O", "O"), s.pred());
        assertSame(SENTENCES, TypeFilter.keep(SENTENCES, Set.of()), "no types: every type, nothing copied");
    }

    @Test
    void theEvaluatorScoresOnlyTheKeptTypes() {
        EvaluationResult all = Evaluator.evaluate(SENTENCES, EvalSettings.builder().optDate("d").build());
        EvaluationResult kept = Evaluator.evaluate(SENTENCES,
                EvalSettings.builder().optTypes(Set.of("PER", "LOC")).optDate("d").build());
        Score a = all.strict().micro();
        Score k = kept.strict().micro();
        assertArrayEquals(new long[] {3, 3, 1}, new long[] {a.gold(), a.predicted(), a.correct()});
        // MISC gone on both sides, the ORG prediction read as O: PER found, LOC missed
        assertArrayEquals(new long[] {2, 1, 1}, new long[] {k.gold(), k.predicted(), k.correct()});
        assertEquals(Set.of("LOC", "PER"), kept.settings().types());
        assertEquals(List.of("LOC", "PER"), List.copyOf(kept.strict().perType().keySet()));
    }

    @Test
    void tokensPerTypeCountsGoldAndPredictedTokens() {
        var counts = TypeFilter.tokensPerType(SENTENCES);
        assertEquals(List.of("LOC", "MISC", "ORG", "PER"), List.copyOf(counts.keySet()));
        assertArrayEquals(new long[] {2, 1}, counts.get("MISC"));
        assertArrayEquals(new long[] {0, 1}, counts.get("ORG"));
        assertArrayEquals(new long[] {2, 2}, counts.get("PER"));
    }
}
