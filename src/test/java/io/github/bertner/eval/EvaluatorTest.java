package io.github.bertner.eval;

import io.github.bertner.tagging.Span;
import io.github.bertner.tagging.TagScheme;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-computed expectations for every metric. */
class EvaluatorTest {

    private static final double EPS = 1e-12;

    private static EvaluationResult eval(List<String> gold, List<String> pred) {
        return Evaluator.evaluate(List.of(gold), List.of(pred));
    }

    @Test
    void unitedStatesOfAmericaRelaxedRecallIsThreeQuarters() {
        EvaluationResult r = eval(List.of("B-LOC", "I-LOC", "I-LOC", "I-LOC"),
                List.of("B-LOC", "I-LOC", "O", "B-LOC"));
        Score relaxed = r.relaxed().type("LOC");
        assertEquals(3, relaxed.correct());
        assertEquals(3, relaxed.predicted());
        assertEquals(4, relaxed.gold());
        assertEquals(1.0, relaxed.precision(), EPS);
        assertEquals(0.75, relaxed.recall(), EPS);
        assertEquals(6.0 / 7, relaxed.f1(), EPS);
        assertEquals(relaxed, r.relaxed().micro());
        // strict: 1 gold phrase, 2 found, none correct
        assertEquals(new Score(0, 2, 1), r.strict().micro());
        assertEquals(0.0, r.strict().micro().f1(), EPS);
        assertEquals(0.5, r.accuracy(), EPS);
        // both predictions overlap the gold entity: nervaluate counts each as a partial/incorrect match
        SemEvalCounts strict = r.semEval().get(SemEvalScheme.STRICT);
        assertEquals(new SemEvalCounts(0, 2, 0, 0, 0), strict);
        assertEquals(new SemEvalCounts(0, 0, 2, 0, 0), r.semEval().get(SemEvalScheme.PARTIAL));
        assertEquals(0.5, r.semEval().get(SemEvalScheme.PARTIAL).precision(SemEvalScheme.PARTIAL), EPS);
        assertEquals(new SemEvalCounts(2, 0, 0, 0, 0), r.semEval().get(SemEvalScheme.TYPE));
        // entity level: one boundary error, matched to the longer overlap; nothing spurious
        assertEquals(List.of(new EntityMatch(0, ErrorClass.BOUNDARY, new Span(0, 4, "LOC"), new Span(0, 2, "LOC"))),
                r.matches());
        assertEquals(1, r.entityConfusion().matrix().get("LOC", "LOC"));
    }

    @Test
    void semEvalSchemesAndEntityClassesOnMixedErrors() {
        //            0      1  2  3      4  5  6      7      8  9       10 11
        List<String> gold = List.of("B-PER", "O", "O", "B-LOC", "O", "O", "B-ORG", "I-ORG", "O", "B-MISC", "O", "O");
        List<String> pred = List.of("B-PER", "O", "O", "B-ORG", "O", "O", "B-ORG", "O", "O", "O", "O", "B-PER");
        EvaluationResult r = eval(gold, pred);
        SemEvalResult s = r.semEval();
        assertEquals(new SemEvalCounts(1, 2, 0, 1, 1), s.get(SemEvalScheme.STRICT));
        assertEquals(new SemEvalCounts(2, 1, 0, 1, 1), s.get(SemEvalScheme.EXACT));
        assertEquals(new SemEvalCounts(2, 0, 1, 1, 1), s.get(SemEvalScheme.PARTIAL));
        assertEquals(new SemEvalCounts(2, 1, 0, 1, 1), s.get(SemEvalScheme.TYPE));
        assertEquals(0.25, s.get(SemEvalScheme.STRICT).precision(SemEvalScheme.STRICT), EPS);
        assertEquals(0.625, s.get(SemEvalScheme.PARTIAL).recall(SemEvalScheme.PARTIAL), EPS);
        assertEquals(0.5, s.get(SemEvalScheme.EXACT).f1(SemEvalScheme.EXACT), EPS);
        // per type: attributed to the gold type, spurious to the predicted type
        assertEquals(new SemEvalCounts(1, 0, 0, 0, 1), s.get("PER", SemEvalScheme.STRICT));
        assertEquals(new SemEvalCounts(0, 1, 0, 0, 0), s.get("LOC", SemEvalScheme.STRICT));
        assertEquals(new SemEvalCounts(0, 0, 0, 1, 0), s.get("MISC", SemEvalScheme.TYPE));
        assertEquals(new SemEvalCounts(1, 0, 0, 0, 0), s.get("ORG", SemEvalScheme.TYPE));

        EntityConfusion c = r.entityConfusion();
        assertEquals(1, c.total(ErrorClass.CORRECT));
        assertEquals(1, c.total(ErrorClass.TYPE));
        assertEquals(1, c.total(ErrorClass.BOUNDARY));
        assertEquals(0, c.total(ErrorClass.BOUNDARY_TYPE));
        assertEquals(1, c.total(ErrorClass.MISSED));
        assertEquals(1, c.total(ErrorClass.SPURIOUS));
        ConfusionMatrix m = c.matrix();
        assertEquals(List.of("LOC", "MISC", "ORG", "PER", EntityConfusion.SPURIOUS), m.rows());
        assertEquals(List.of("LOC", "MISC", "ORG", "PER", EntityConfusion.MISSED), m.columns());
        assertEquals(1, m.get("PER", "PER"));
        assertEquals(1, m.get("LOC", "ORG"));
        assertEquals(1, m.get("ORG", "ORG"));
        assertEquals(1, m.get("MISC", EntityConfusion.MISSED));
        assertEquals(1, m.get(EntityConfusion.SPURIOUS, "PER"));
        assertEquals(5, m.total());
        assertEquals(4, r.errors().size());
    }

    @Test
    void boundaryAndTypeErrorIsItsOwnClass() {
        EvaluationResult r = eval(List.of("B-ORG", "I-ORG", "I-ORG"), List.of("O", "B-LOC", "I-LOC"));
        assertEquals(ErrorClass.BOUNDARY_TYPE, r.matches().get(0).errorClass());
        assertEquals(1, r.entityConfusion().matrix().get("ORG", "LOC"));
        assertEquals(new SemEvalCounts(0, 1, 0, 0, 0), r.semEval().get(SemEvalScheme.TYPE));
        assertEquals(new SemEvalCounts(0, 0, 1, 0, 0), r.semEval().get(SemEvalScheme.PARTIAL));
    }

    @Test
    void emptyGoldAndEmptyPredictionGiveNaNNotZero() {
        EvaluationResult none = Evaluator.evaluate(List.of(), List.of());
        assertTrue(Double.isNaN(none.strict().micro().precision()));
        assertTrue(Double.isNaN(none.strict().micro().f1()));
        assertTrue(Double.isNaN(none.accuracy()));

        EvaluationResult allO = eval(List.of("O", "O", "O"), List.of("O", "O", "O"));
        assertEquals(1.0, allO.accuracy(), EPS);
        assertTrue(Double.isNaN(allO.strict().micro().precision()));
        assertTrue(Double.isNaN(allO.strict().micro().recall()));
        assertTrue(Double.isNaN(allO.strict().micro().f1()));
        assertTrue(Double.isNaN(allO.relaxed().micro().f1()));
        assertEquals(List.of("O"), allO.tokenTypes().rows());
        assertEquals(3, allO.tokenTypes().get("O", "O"));

        EvaluationResult emptyPred = eval(List.of("B-PER", "I-PER", "O"), List.of("O", "O", "O"));
        assertTrue(Double.isNaN(emptyPred.strict().micro().precision()));
        assertEquals(0.0, emptyPred.strict().micro().recall(), EPS);
        assertEquals(0.0, emptyPred.strict().micro().f1(), EPS);
        assertEquals(ErrorClass.MISSED, emptyPred.matches().get(0).errorClass());

        EvaluationResult emptyGold = eval(List.of("O", "O", "O"), List.of("B-PER", "O", "S-LOC"));
        assertEquals(0.0, emptyGold.strict().micro().precision(), EPS);
        assertTrue(Double.isNaN(emptyGold.strict().micro().recall()));
        assertEquals(0.0, emptyGold.strict().micro().f1(), EPS);
        assertTrue(Double.isNaN(emptyGold.strict().type("LOC").recall()));
        assertEquals(2, emptyGold.entityConfusion().total(ErrorClass.SPURIOUS));
    }

    @Test
    void hyphenatedTypesKeepTheirWholeName() {
        EvaluationResult r = eval(List.of("B-creative-work", "I-creative-work", "O", "B-person"),
                List.of("B-creative-work", "I-creative-work", "O", "B-group"));
        assertEquals(new Score(1, 1, 1), r.strict().type("creative-work"));
        assertEquals(new Score(0, 0, 1), r.strict().type("person"));
        assertEquals(new Score(0, 1, 0), r.strict().type("group"));
        assertEquals(2, r.tokenTypes().get("creative-work", "creative-work"));
        assertEquals(1, r.tokenTypes().get("person", "group"));
    }

    @Test
    void adjacentEntitiesOfOneTypeStaySeparate() {
        EvaluationResult r = eval(List.of("B-PER", "B-PER", "O"), List.of("B-PER", "I-PER", "O"));
        assertEquals(new Score(0, 1, 2), r.strict().micro());
        assertEquals(new Score(2, 2, 2), r.relaxed().micro());
        EvaluationResult same = eval(List.of("B-PER", "B-PER", "O"), List.of("B-PER", "B-PER", "O"));
        assertEquals(new Score(2, 2, 2), same.strict().micro());
    }

    @Test
    void iob1InputIsChunkedLikeConlleval() {
        // I- after O starts an entity; B- only separates two adjacent entities of one type
        List<String> gold = List.of("I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-ORG");
        EvaluationResult r = eval(gold, List.of("B-PER", "I-PER", "B-PER", "O", "B-LOC", "B-ORG"));
        assertEquals(new Score(4, 4, 4), r.strict().micro());
        assertEquals(3.0 / 6, r.accuracy(), EPS);
    }

    @Test
    void endAndSingleTagsCloseEntities() {
        List<String> gold = List.of("S-PER", "B-LOC", "E-LOC", "S-LOC", "O");
        EvaluationResult r = eval(gold, List.of("S-PER", "B-LOC", "I-LOC", "I-LOC", "O"));
        // E-LOC closes [1,3) and S-LOC is [3,4); the prediction's I-LOC run is one entity [1,4)
        assertEquals(new Score(0, 1, 2), r.strict().type("LOC"));
        assertEquals(new Score(1, 1, 1), r.strict().type("PER"));
        EvaluationResult exact = eval(gold, gold);
        assertEquals(new Score(3, 3, 3), exact.strict().micro());
    }

    @Test
    void strictSchemeModeDropsInvalidSequences() {
        List<String> gold = List.of("B-PER", "I-PER", "O", "B-LOC");
        List<String> pred = List.of("I-PER", "I-PER", "O", "B-LOC");
        EvaluationResult lenient = Evaluator.evaluate(List.of(gold), List.of(pred));
        assertEquals(new Score(2, 2, 2), lenient.strict().micro());
        EvalSettings iob2 = EvalSettings.builder().setDecoding(EntityDecoding.strict(TagScheme.IOB2)).build();
        EvaluationResult strict = Evaluator.evaluate(List.of(gold), List.of(pred), iob2);
        assertEquals(new Score(1, 1, 2), strict.strict().micro());
        // relaxed is token level and does not depend on decoding
        assertEquals(lenient.relaxed(), strict.relaxed());

        EvalSettings bioes = EvalSettings.builder().setDecoding(EntityDecoding.parse("bioes")).build();
        EvaluationResult b = Evaluator.evaluate(List.of(List.of("B-PER", "E-PER", "S-LOC")),
                List.of(List.of("B-PER", "I-PER", "S-LOC")), bioes);
        assertEquals(new Score(1, 1, 2), b.strict().micro());
        assertEquals(EntityDecoding.LENIENT, EntityDecoding.parse("conlleval"));
        assertThrows(IllegalArgumentException.class, () -> EntityDecoding.parse("nonsense"));
    }

    @Test
    void tokenConfusionHasGoldRowsAndIncludesO() {
        EvaluationResult r = eval(List.of("B-PER", "I-PER", "O", "B-LOC"), List.of("B-PER", "B-PER", "B-LOC", "O"));
        ConfusionMatrix tags = r.tokenTags();
        assertEquals(List.of("O", "B-LOC", "B-PER", "I-PER"), tags.rows());
        assertEquals(1, tags.get("I-PER", "B-PER"));
        assertEquals(1, tags.get("O", "B-LOC"));
        assertEquals(1, tags.get("B-LOC", "O"));
        assertEquals(4, tags.total());
        ConfusionMatrix types = r.tokenTypes();
        assertEquals(List.of("O", "LOC", "PER"), types.rows());
        assertEquals(2, types.get("PER", "PER"));
        assertEquals(new Score(2, 2, 2), r.relaxed().type("PER"));
        assertEquals(new Score(0, 1, 1), r.relaxed().type("LOC"));
    }

    @Test
    void microAverageSumsCounts() {
        EvaluationResult r = Evaluator.evaluate(
                List.of(List.of("B-PER", "O"), List.of("B-LOC", "I-LOC", "B-ORG")),
                List.of(List.of("B-PER", "B-MISC"), List.of("B-LOC", "O", "B-ORG")));
        assertEquals(new Score(2, 4, 3), r.strict().micro());
        assertEquals(0.5, r.strict().micro().precision(), EPS);
        assertEquals(2.0 / 3, r.strict().micro().recall(), EPS);
        assertEquals(4.0 / 7, r.strict().micro().f1(), EPS);
    }

    @Test
    void badTagsAndShapesAreRejectedWithPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> eval(List.of("B-PER", "X-PER"), List.of("O", "O")));
        assertTrue(e.getMessage().contains("s0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> eval(List.of("B-PER"), List.of("O", "O")));
    }
}
