package io.github.bertner.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bertner.inference.EntityPrediction;
import io.github.bertner.inference.TinyModels;
import io.github.bertner.model.SequenceContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a document-context model, requests merged into one model call stay separate documents: a request
 * gets the entities it gets alone, whatever else is queued with it.
 */
class DocumentContextBatchingTest {

    @TempDir
    Path tmp;

    private static List<List<String>> document(long seed) {
        Random r = new Random(seed);
        return List.of(TinyModels.words(8, r), TinyModels.words(8, r));
    }

    private static List<List<String>> concat(List<List<String>> a, List<List<String>> b) {
        List<List<String>> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Same ranges and types, confidences equal up to float rounding of differently padded batches. */
    private static void assertSameEntities(List<List<EntityPrediction>> expected, List<List<EntityPrediction>> actual) {
        assertEquals(expected.size(), actual.size());
        for (int s = 0; s < expected.size(); s++) {
            assertEquals(expected.get(s).size(), actual.get(s).size(), "sentence " + s + ": " + actual.get(s));
            for (int i = 0; i < expected.get(s).size(); i++) {
                EntityPrediction e = expected.get(s).get(i);
                EntityPrediction a = actual.get(s).get(i);
                assertEquals(List.of(e.start(), e.end(), e.type()), List.of(a.start(), a.end(), a.type()));
                assertEquals(e.confidence(), a.confidence(), 1e-5);
            }
        }
    }

    private static boolean sameEntities(List<List<EntityPrediction>> x, List<List<EntityPrediction>> y) {
        try {
            assertSameEntities(x, y);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    @Test
    void predictorTaggerKeepsDocumentsApart() throws Exception {
        Path dir = TinyModels.write(tmp.resolve("doc"), 128, 32, 7, SequenceContext.DOCUMENT);
        List<List<String>> a = document(1);
        List<List<String>> b = document(2);
        try (PredictorTagger t = PredictorTagger.load(dir, "cpu", 8)) {
            List<List<EntityPrediction>> alone = t.tagDocuments(List.of(a)).get(0);
            assertTrue(alone.stream().mapToInt(List::size).sum() > 0, "the random model tags something: " + alone);
            assertSameEntities(alone, t.tag(a));
            assertSameEntities(alone, t.tagDocuments(List.of(a, b)).get(0));
            assertSameEntities(alone, t.tagDocuments(List.of(b, a)).get(1));
            // what merging the sentences into one document would do: the other request becomes context
            assertFalse(sameEntities(alone, t.tag(concat(a, b)).subList(0, a.size())),
                    "this model reads neighbouring sentences, so the check above is not vacuous");
        }
    }

    /** Delegates to a model; the first call waits until released, so later requests queue and merge. */
    private static final class HeldTagger implements SentenceTagger {
        final SentenceTagger model;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Integer> documentsPerCall = new CopyOnWriteArrayList<>();

        HeldTagger(SentenceTagger model) {
            this.model = model;
        }

        @Override
        public String modelId() {
            return model.modelId();
        }

        @Override
        public List<String> types() {
            return model.types();
        }

        @Override
        public List<List<EntityPrediction>> tag(List<List<String>> sentences) {
            throw new AssertionError("BatchingTagger calls tagDocuments");
        }

        @Override
        public List<List<List<EntityPrediction>>> tagDocuments(List<List<List<String>>> documents) {
            documentsPerCall.add(documents.size());
            entered.countDown();
            try {
                assertTrue(release.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return model.tagDocuments(documents);
        }

        @Override
        public void close() {
            model.close();
        }
    }

    @Test
    void mergedRequestsGetTheEntitiesTheyGetAlone() throws Exception {
        Path dir = TinyModels.write(tmp.resolve("doc"), 128, 32, 7, SequenceContext.DOCUMENT);
        List<List<String>> a = document(1);
        List<List<String>> b = document(2);
        HeldTagger held = new HeldTagger(PredictorTagger.load(dir, "cpu", 8));
        try (BatchingTagger q = new BatchingTagger("xx", held, 8, 64)) {
            CompletableFuture<List<List<EntityPrediction>>> first = q.submit(a);
            assertTrue(held.entered.await(20, TimeUnit.SECONDS));
            CompletableFuture<List<List<EntityPrediction>>> fa = q.submit(a);
            CompletableFuture<List<List<EntityPrediction>>> fb = q.submit(b);
            held.release.countDown();
            List<List<EntityPrediction>> alone = first.get(20, TimeUnit.SECONDS);
            assertSameEntities(alone, fa.get(20, TimeUnit.SECONDS));
            fb.get(20, TimeUnit.SECONDS);
            // one call for the first request, one for the two merged ones
            assertEquals(List.of(1, 2), held.documentsPerCall);
        }
    }
}
