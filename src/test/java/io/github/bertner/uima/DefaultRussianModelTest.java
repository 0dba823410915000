package io.github.bertner.uima;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.bertner.type.ScoredNamedEntity;
import java.util.List;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.dkpro.core.tokit.BreakIteratorSegmenter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The shipped {@code models/ru} is the default of {@code PARAM_LANGUAGE = "ru"} and finds the names of a news sentence. */
@Tag("slow")
class DefaultRussianModelTest {

    @Test
    void languageRuTagsWithTheShippedRussianModel() throws Exception {
        AnalysisEngine pipeline = AnalysisEngineFactory.createEngine(AnalysisEngineFactory.createEngineDescription(
                AnalysisEngineFactory.createEngineDescription(BreakIteratorSegmenter.class,
                        BreakIteratorSegmenter.PARAM_LANGUAGE, "ru"),
                AnalysisEngineFactory.createEngineDescription(NerTagger.class,
                        NerTagger.PARAM_LANGUAGE, "ru", NerTagger.PARAM_DEVICE, "cpu")));
        JCas jcas = JCasFactory.createJCas();
        jcas.setDocumentLanguage("ru");
        jcas.setDocumentText("Президент России Владимир Путин провёл в Кремле встречу с главой Сбербанка Германом Грефом.");
        pipeline.process(jcas);
        pipeline.destroy();
        // PER/LOC/ORG only: the model's MISC is weak (factRuEval has almost no MISC gold), see models/ru/README.md
        List<String> names = JCasUtil.select(jcas, ScoredNamedEntity.class).stream()
                .filter(e -> !e.getValue().equals("MISC"))
                .map(e -> e.getValue() + " " + e.getCoveredText() + " " + e.getSource().replace('\\', '/')
                        .replaceAll(".*/models/", "models/"))
                .toList();
        // versions 3 and 4 give this (version 2 missed Сбербанка and had Кремле as LOC): the bank is found; the Kremlin
        // as the place of the meeting is LOC by the guidelines, the model reads it as the administration (ORG)
        assertEquals(List.of("LOC России models/ru", "PER Владимир Путин models/ru", "ORG Кремле models/ru",
                "ORG Сбербанка models/ru", "PER Германом Грефом models/ru"),
                names);
    }
}
