package io.github.bertner.uima;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;

import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reader output -> gold copier -> "tagger" -> evaluator, on a small JCas. */
class NerEvaluatorTest {

    private static final String TEXT = "Ann Lee visited New York City . Bob left .";

    private static JCas document() throws Exception {
        JCas jcas = JCasFactory.createJCas();
        jcas.setDocumentText(TEXT);
        jcas.setDocumentLanguage("en");
        int start = 0;
        int sentenceStart = 0;
        for (String w : TEXT.split(" ")) {
            int b = TEXT.indexOf(w, start);
            new Token(jcas, b, b + w.length()).addToIndexes();
            start = b + w.length();
            if (w.equals(".")) {
                new Sentence(jcas, sentenceStart, start).addToIndexes();
                sentenceStart = start + 1;
            }
        }
        entity(jcas, "Ann Lee", "PER");
        entity(jcas, "New York City", "LOC");
        entity(jcas, "Bob", "PER");
        return jcas;
    }

    private static void entity(JCas jcas, String text, String type) {
        int b = TEXT.indexOf(text);
        NamedEntity ne = new NamedEntity(jcas, b, b + text.length());
        ne.setValue(type);
        ne.addToIndexes();
    }

    @Test
    void goldCopierMovesEntitiesAndEvaluatorWritesReports(@TempDir Path dir) throws Exception {
        JCas jcas = document();
        AnalysisEngine copier = createEngine(GoldViewCopier.class);
        copier.process(jcas);
        JCas gold = jcas.getView("gold");
        assertEquals(TEXT, gold.getDocumentText());
        assertEquals(10, JCasUtil.select(gold, Token.class).size());
        assertEquals(2, JCasUtil.select(gold, Sentence.class).size());
        assertEquals(List.of("PER", "LOC", "PER"),
                JCasUtil.select(gold, NamedEntity.class).stream().map(NamedEntity::getValue).toList());
        assertTrue(JCasUtil.select(jcas, NamedEntity.class).isEmpty());

        // the "tagger": one exact match, one boundary error, one missed entity
        entity(jcas, "Ann Lee", "PER");
        entity(jcas, "New York", "LOC");
        AnalysisEngine evaluator = createEngine(NerEvaluator.class, NerEvaluator.PARAM_REPORT_DIR, dir.toString(),
                NerEvaluator.PARAM_SYSTEM_NAME, "fake-tagger");
        evaluator.process(jcas);
        evaluator.collectionProcessComplete();

        JsonObject report = JsonParser.parseString(Files.readString(dir.resolve("report.json"))).getAsJsonObject();
        JsonObject strict = report.getAsJsonObject("strict").getAsJsonObject("micro");
        assertEquals(1, strict.get("correct").getAsInt());
        assertEquals(2, strict.get("predicted").getAsInt());
        assertEquals(3, strict.get("gold").getAsInt());
        JsonObject relaxedLoc = report.getAsJsonObject("relaxed").getAsJsonObject("perType").getAsJsonObject("LOC");
        assertEquals(2, relaxedLoc.get("correct").getAsInt());
        assertEquals(3, relaxedLoc.get("gold").getAsInt());
        assertEquals(10, report.get("tokens").getAsInt());
        assertEquals(2, report.get("sentences").getAsInt());
        assertTrue(report.getAsJsonObject("provenance").get("system").getAsString().contains("fake-tagger"));
        assertTrue(Files.exists(dir.resolve("report.html")));
        assertTrue(Files.readString(dir.resolve("errors.tsv")).contains("boundary\tLOC\tLOC"));
    }

    @Test
    void typesLimitTheScoredEntities(@TempDir Path dir) throws Exception {
        JCas jcas = document();
        createEngine(GoldViewCopier.class).process(jcas);
        entity(jcas, "Ann Lee", "PER");
        entity(jcas, "New York", "LOC");
        AnalysisEngine evaluator = createEngine(NerEvaluator.class, NerEvaluator.PARAM_REPORT_DIR, dir.toString(),
                NerEvaluator.PARAM_TYPES, new String[] {"LOC"});
        evaluator.process(jcas);
        evaluator.collectionProcessComplete();
        JsonObject report = JsonParser.parseString(Files.readString(dir.resolve("report.json"))).getAsJsonObject();
        JsonObject strict = report.getAsJsonObject("strict").getAsJsonObject("micro");
        // only LOC is scored: its boundary error is all that is left
        assertEquals(List.of(0, 1, 1), List.of(strict.get("correct").getAsInt(), strict.get("predicted").getAsInt(),
                strict.get("gold").getAsInt()));
        assertEquals("[\"LOC\"]", report.getAsJsonObject("settings").get("types").toString());
    }

    @Test
    void copierCanKeepSourceEntities() throws Exception {
        JCas jcas = document();
        createEngine(GoldViewCopier.class, GoldViewCopier.PARAM_REMOVE_FROM_SOURCE, false,
                GoldViewCopier.PARAM_GOLD_VIEW, "reference").process(jcas);
        assertEquals(3, JCasUtil.select(jcas, NamedEntity.class).size());
        assertEquals(3, JCasUtil.select(jcas.getView("reference"), NamedEntity.class).size());
    }
}
