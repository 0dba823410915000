package io.github.bertner.uima;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.inference.NerPredictor;
import io.github.bertner.inference.SharedPredictors;
import io.github.bertner.inference.TinyModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.ExternalResourceFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ExternalResourceDescription;
import org.apache.uima.resource.ResourceInitializationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several tagger instances on several threads share one model and tag exactly as one instance does. */
class NerTaggerSharingTest {

    private static final int DOCUMENTS = 200;
    private static final int THREADS = 4;

    @TempDir
    static Path tmp;

    private static Path modelDir;
    private static List<List<String>> single;

    @BeforeAll
    static void tagWithOneInstance() throws Exception {
        modelDir = TinyModels.write(tmp.resolve("model"), 32, 8, 11);
        AnalysisEngine tagger = AnalysisEngineFactory.createEngine(byLocation());
        single = new ArrayList<>();
        try {
            JCas jcas = JCasFactory.createJCas();
            for (int d = 0; d < DOCUMENTS; d++) {
                single.add(tag(tagger, jcas, d));
            }
        } finally {
            tagger.destroy();
        }
        long entities = single.stream().mapToLong(List::size).sum();
        assertTrue(entities > DOCUMENTS, "a random model with peaked weights tags entities, found " + entities);
    }

    private static AnalysisEngineDescription byLocation() throws Exception {
        return AnalysisEngineFactory.createEngineDescription(NerTagger.class,
                NerTagger.PARAM_MODEL_LOCATION, modelDir.toString(), NerTagger.PARAM_DEVICE, "cpu",
                NerTagger.PARAM_BATCH_SIZE, 8);
    }

    private static AnalysisEngineDescription byResource() throws Exception {
        ExternalResourceDescription model = ExternalResourceFactory.createResourceDescription(NerModelResource.class,
                NerModelResource.PARAM_MODEL_LOCATION, modelDir.toString(), NerModelResource.PARAM_DEVICE, "cpu",
                NerModelResource.PARAM_BATCH_SIZE, "8");
        return AnalysisEngineFactory.createEngineDescription(NerTagger.class, NerTagger.RES_MODEL, model);
    }

    @Test
    @Tag("slow")
    void fourInstancesByModelLocationTagAsOneAndLoadTheModelOnce() throws Exception {
        assertSharedRun(byLocation());
    }

    @Test
    @Tag("slow")
    void fourInstancesBoundToTheModelResourceTagAsOneAndLoadTheModelOnce() throws Exception {
        assertSharedRun(byResource());
    }

    @Test
    void modelLocationAndResourceTogetherAreRefused() throws Exception {
        AnalysisEngineDescription both = byResource();
        both.getAnalysisEngineMetaData().getConfigurationParameterSettings()
                .setParameterValue(NerTagger.PARAM_MODEL_LOCATION, modelDir.toString());
        ResourceInitializationException e = assertThrows(ResourceInitializationException.class,
                () -> AnalysisEngineFactory.createEngine(both));
        Throwable cause = e;
        while (!(cause instanceof IllegalArgumentException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertEquals("expected the model either in modelLocation or in the resource bound to model, found both: "
                + modelDir + " and " + modelDir, cause.getMessage());
    }

    /**
     * Creates {@value #THREADS} engines at once, each on its own thread, tags the documents (document d on thread
     * d mod 4) and checks the entities against the one-instance run, one load, and the model closed at the end.
     */
    private static void assertSharedRun(AnalysisEngineDescription description) throws Exception {
        int heldBefore = SharedPredictors.held();
        long loadsBefore = NerPredictor.loadCount();
        List<List<String>> results = new ArrayList<>();
        for (int d = 0; d < DOCUMENTS; d++) {
            results.add(null);
        }
        CountDownLatch created = new CountDownLatch(THREADS);
        CountDownLatch tagged = new CountDownLatch(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    AnalysisEngine tagger = AnalysisEngineFactory.createEngine(description);
                    try {
                        created.countDown();
                        created.await();
                        JCas jcas = JCasFactory.createJCas();
                        for (int d = thread; d < DOCUMENTS; d += THREADS) {
                            List<String> entities = tag(tagger, jcas, d);
                            synchronized (results) {
                                results.set(d, entities);
                            }
                        }
                        tagged.countDown();
                        // all four hold the model until every one is done: one shared predictor, not four in turn
                        tagged.await();
                        assertEquals(heldBefore + 1, SharedPredictors.held());
                    } finally {
                        tagger.destroy();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(loadsBefore + 1, NerPredictor.loadCount(), "the model is loaded once for four instances");
        assertEquals(heldBefore, SharedPredictors.held(), "the last destroy closes the model");
        for (int d = 0; d < DOCUMENTS; d++) {
            assertEquals(single.get(d), results.get(d), "document " + d);
        }
    }

    /** Document d: 3 to 6 sentences of 5 to 40 random words, the same for every run. */
    private static List<String> tag(AnalysisEngine tagger, JCas jcas, int d) throws Exception {
        jcas.reset();
        Random random = new Random(1000 + d);
        StringBuilder text = new StringBuilder();
        int sentences = 3 + random.nextInt(4);
        for (int s = 0; s < sentences; s++) {
            int begin = text.length();
            for (String w : TinyModels.words(5 + random.nextInt(36), random)) {
                new Token(jcas, text.length(), text.length() + w.length()).addToIndexes();
                text.append(w).append(' ');
            }
            new Sentence(jcas, begin, text.length() - 1).addToIndexes();
        }
        jcas.setDocumentText(text.toString());
        tagger.process(jcas);
        return NerTaggerTest.describe(jcas);
    }
}
