package io.github.bertner.uima;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.inference.DefaultModels;
import io.github.bertner.inference.TinyModels;
import io.github.bertner.type.ScoredNamedEntity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
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

    @Test
    void withoutModelLocationTheDefaultModelOfTheLanguageIsUsed() throws Exception {
        Path models = tmp.resolve("default-models");
        Path en = TinyModels.write(models.resolve("en"), 32, 8, 11);
        String previous = System.setProperty(DefaultModels.MODELS_PROPERTY, models.toString());
        try {
            // no PARAM_LANGUAGE either: English is the default
            JCas byDefault = tagWords(AnalysisEngineFactory.createEngine(NerTagger.class, NerTagger.PARAM_DEVICE, "cpu"));
            JCas explicit = tagWords(AnalysisEngineFactory.createEngine(NerTagger.class,
                    NerTagger.PARAM_MODEL_LOCATION, en.toString(), NerTagger.PARAM_DEVICE, "cpu"));
            List<String> found = describe(byDefault);
            assertFalse(found.isEmpty(), "a random model with peaked weights tags some entities");
            assertEquals(describe(explicit), found);
            for (ScoredNamedEntity e : JCasUtil.select(byDefault, ScoredNamedEntity.class)) {
                assertEquals(en.toString(), e.getSource(), "the source names the folder that was found");
            }
        } finally {
            restore(previous);
        }
    }

    @Test
    void withoutModelLocationAMissingDefaultModelNamesWhereItLooked() throws Exception {
        Path models = tmp.resolve("no-models");
        String previous = System.setProperty(DefaultModels.MODELS_PROPERTY, models.toString());
        try {
            ResourceInitializationException e = assertThrows(ResourceInitializationException.class,
                    () -> AnalysisEngineFactory.createEngine(NerTagger.class, NerTagger.PARAM_LANGUAGE, "qq"));
            Throwable cause = e;
            while (!(cause instanceof IllegalArgumentException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            String message = cause.getMessage();
            assertTrue(message.startsWith("modelLocation is not set and no default model for language 'qq': expected a "
                    + "model folder (config.json, model.safetensors) at one of [" + models.resolve("qq") + ", "),
                    message);
            assertTrue(message.endsWith("; set modelLocation to a model folder"), message);
        } finally {
            restore(previous);
        }
    }

    private static void restore(String previous) {
        if (previous == null) {
            System.clearProperty(DefaultModels.MODELS_PROPERTY);
        } else {
            System.setProperty(DefaultModels.MODELS_PROPERTY, previous);
        }
    }

    /** Tags two fixed sentences of pre-set tokens with the engine, then destroys it. */
    private static JCas tagWords(AnalysisEngine tagger) throws Exception {
        JCas jcas = JCasFactory.createJCas();
        StringBuilder text = new StringBuilder();
        for (long seed : new long[] {21, 22}) {
            int sentenceBegin = text.length();
            for (String w : TinyModels.words(40, new Random(seed))) {
                new Token(jcas, text.length(), text.length() + w.length()).addToIndexes();
                text.append(w).append(' ');
            }
            new Sentence(jcas, sentenceBegin, text.length() - 1).addToIndexes();
        }
        jcas.setDocumentText(text.toString());
        try {
            tagger.process(jcas);
        } finally {
            tagger.destroy();
        }
        return jcas;
    }

    /** Entities as {@code begin-end type confidence} lines. */
    static List<String> describe(JCas jcas) {
        List<String> out = new ArrayList<>();
        for (ScoredNamedEntity e : JCasUtil.select(jcas, ScoredNamedEntity.class)) {
            out.add(e.getBegin() + "-" + e.getEnd() + " " + e.getValue() + " " + e.getConfidence());
        }
        return out;
    }
}
