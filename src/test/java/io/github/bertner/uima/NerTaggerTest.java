package io.github.bertner.uima;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.inference.TinyModels;
import io.github.bertner.type.ScoredNamedEntity;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.dkpro.core.tokit.BreakIteratorSegmenter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NerTaggerTest {

    @TempDir
    static Path tmp;

    private static Path modelDir;

    @BeforeAll
    static void writeModel() throws Exception {
        modelDir = TinyModels.write(tmp.resolve("model"), 32, 8, 11);
    }

    @Test
    void taggerInPipelineWritesScoredEntities() throws Exception {
        AnalysisEngine pipeline = AnalysisEngineFactory.createEngine(AnalysisEngineFactory.createEngineDescription(
                AnalysisEngineFactory.createEngineDescription(BreakIteratorSegmenter.class,
                        BreakIteratorSegmenter.PARAM_LANGUAGE, "en"),
                AnalysisEngineFactory.createEngineDescription(NerTagger.class,
                        NerTagger.PARAM_MODEL_LOCATION, modelDir.toString(),
                        NerTagger.PARAM_DEVICE, "cpu",
                        NerTagger.PARAM_BATCH_SIZE, 4)));
        JCas jcas = JCasFactory.createJCas();
        jcas.setDocumentLanguage("en");
        // capitalised sentence starts: BreakIterator splits "x. Y", not "x. y"; the model is uncased
        jcas.setDocumentText("The " + String.join(" ", TinyModels.words(60, new Random(9))) + ". The "
                + String.join(" ", TinyModels.words(80, new Random(10))) + ".");
        pipeline.process(jcas);
        pipeline.collectionProcessComplete();
        pipeline.destroy();

        assertTrue(JCasUtil.select(jcas, Sentence.class).size() >= 2);
        Collection<ScoredNamedEntity> entities = JCasUtil.select(jcas, ScoredNamedEntity.class);
        assertFalse(entities.isEmpty(), "a random model with peaked weights tags some entities");
        for (ScoredNamedEntity e : entities) {
            assertTrue(e.getConfidence() >= 0 && e.getConfidence() <= 1, "confidence " + e.getConfidence());
            assertTrue(List.of("PER", "LOC").contains(e.getValue()), e.getValue());
            assertEquals(modelDir.toString(), e.getSource());
            List<Token> covered = JCasUtil.selectCovered(Token.class, e);
            assertFalse(covered.isEmpty());
            assertEquals(covered.get(0).getBegin(), e.getBegin(), "entities start on a token");
            assertEquals(covered.get(covered.size() - 1).getEnd(), e.getEnd(), "entities end on a token");
        }
    }

    @Test
    void manualTokensAndEmptySentenceAndLongSentence() throws Exception {
        AnalysisEngine tagger = AnalysisEngineFactory.createEngine(NerTagger.class,
                NerTagger.PARAM_MODEL_LOCATION, modelDir.toString(),
                NerTagger.PARAM_DEVICE, "cpu",
                NerTagger.PARAM_DECODING, "ARGMAX");
        List<String> words = TinyModels.words(300, new Random(12));
        String text = String.join(" ", words) + "   ";
        JCas jcas = JCasFactory.createJCas();
        jcas.setDocumentText(text);
        int offset = 0;
        for (String w : words) {
            new Token(jcas, offset, offset + w.length()).addToIndexes();
            offset += w.length() + 1;
        }
        // one sentence far longer than the 32-piece window, and one covering only spaces
        new Sentence(jcas, 0, offset - 1).addToIndexes();
        new Sentence(jcas, offset, text.length()).addToIndexes();
        tagger.process(jcas);
        tagger.destroy();
        Collection<ScoredNamedEntity> entities = JCasUtil.select(jcas, ScoredNamedEntity.class);
        assertFalse(entities.isEmpty());
        for (ScoredNamedEntity e : entities) {
            assertTrue(e.getEnd() <= offset - 1);
        }
    }
}
