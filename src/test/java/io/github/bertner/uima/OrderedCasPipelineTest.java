package io.github.bertner.uima;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.cas.CAS;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.Test;

class OrderedCasPipelineTest {

    /** Sleeps a text-dependent time (so later documents often finish first), records its thread, fails on "boom". */
    public static final class Sleepy extends JCasAnnotator_ImplBase {
        static final Set<String> THREADS = ConcurrentHashMap.newKeySet();

        @Override
        public void process(JCas jcas) throws AnalysisEngineProcessException {
            THREADS.add(Thread.currentThread().getName());
            if (jcas.getDocumentText().equals("boom")) {
                throw new AnalysisEngineProcessException(new IllegalStateException("expected no boom, found one"));
            }
            try {
                Thread.sleep((jcas.getDocumentText().hashCode() & 7) * 3L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            jcas.setDocumentLanguage("x-" + Thread.currentThread().getName());
        }
    }

    @Test
    void documentsComeOutInInputOrderFromSeveralThreads() throws Exception {
        Sleepy.THREADS.clear();
        List<String> seen = new ArrayList<>();
        Set<String> consumerThreads = ConcurrentHashMap.newKeySet();
        try (OrderedCasPipeline pipeline = new OrderedCasPipeline(
                AnalysisEngineFactory.createEngineDescription(Sleepy.class), 3, List.of(), (cas, document) -> {
                    consumerThreads.add(Thread.currentThread().getName());
                    assertTrue(cas.getDocumentLanguage().startsWith("x-"), "processed before it is consumed");
                    seen.add(document + "=" + cas.getDocumentText());
                })) {
            for (int i = 0; i < 100; i++) {
                CAS cas = pipeline.nextCas();
                cas.setDocumentText("text " + i);
                if (i % 10 == 9) {
                    pipeline.release(cas); // skipped: never consumed
                    continue;
                }
                pipeline.submit(cas, "doc" + i);
            }
            pipeline.finish();
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            if (i % 10 != 9) {
                expected.add("doc" + i + "=text " + i);
            }
        }
        assertEquals(expected, seen);
        assertEquals(Set.of(Thread.currentThread().getName()), consumerThreads, "the consumer runs on the feeder");
        assertEquals(3, Sleepy.THREADS.size(), "three engine threads worked: " + Sleepy.THREADS);
    }

    @Test
    void aFailedDocumentIsReportedAfterTheOnesBeforeIt() throws Exception {
        List<String> seen = new ArrayList<>();
        OrderedCasPipeline.DocumentException e;
        try (OrderedCasPipeline pipeline = new OrderedCasPipeline(
                AnalysisEngineFactory.createEngineDescription(Sleepy.class), 2, List.of(),
                (cas, document) -> seen.add(document))) {
            e = assertThrows(OrderedCasPipeline.DocumentException.class, () -> {
                for (int i = 0; i < 20; i++) {
                    CAS cas = pipeline.nextCas();
                    cas.setDocumentText(i == 5 ? "boom" : "text " + i);
                    pipeline.submit(cas, "doc" + i);
                }
                pipeline.finish();
            });
        }
        assertEquals("doc5", e.document());
        assertEquals(List.of("doc0", "doc1", "doc2", "doc3", "doc4"), seen);
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertEquals("expected no boom, found one", root.getMessage());
    }

    @Test
    void atLeastOneThread() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OrderedCasPipeline(
                AnalysisEngineFactory.createEngineDescription(Sleepy.class), 0, List.of(), (cas, document) -> { }));
        assertEquals("expected at least 1 thread, found 0", e.getMessage());
    }

    /** Records each batch it gets as "doc texts joined by +"; fails the whole batch when one text is "bad". */
    private static OrderedCasPipeline.WorkerFactory recordingWorkers(List<String> batches) {
        return metaData -> new OrderedCasPipeline.Worker() {
            @Override
            public void process(List<CAS> batch) {
                StringBuilder b = new StringBuilder();
                for (CAS cas : batch) {
                    if (cas.getDocumentText().equals("bad")) {
                        throw new IllegalStateException("expected no bad text, found one");
                    }
                    b.append(b.length() == 0 ? "" : "+").append(cas.getDocumentText());
                    cas.setDocumentLanguage("x-done");
                }
                synchronized (batches) {
                    batches.add(b.toString());
                }
            }

            @Override
            public void collectionProcessComplete() {
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void batchesCloseAtTheDocumentOrCharacterLimitInInputOrderWhateverTheThreads() throws Exception {
        for (int threads : new int[] {1, 3}) {
            List<String> batches = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            try (OrderedCasPipeline pipeline = new OrderedCasPipeline(recordingWorkers(batches), threads,
                    new OrderedCasPipeline.BatchLimits(3, 10), List.of(), (cas, document) -> {
                        assertEquals("x-done", cas.getDocumentLanguage(), "processed before it is consumed");
                        seen.add(document);
                    })) {
                String[] texts = {"a", "b", "c", "d", "eeeeeeee", "f", "gggggggggggggg", "h"};
                for (int i = 0; i < texts.length; i++) {
                    CAS cas = pipeline.nextCas();
                    cas.setDocumentText(texts[i]);
                    pipeline.submit(cas, "doc" + i);
                }
                pipeline.finish();
            }
            batches.sort(null);
            // 3 documents; then d + eeeeeeee + f reach 10 characters; a 14-character text would pass 10, so it
            // closes the open batch (none here) and is a batch of its own
            assertEquals(List.of("a+b+c", "d+eeeeeeee+f", "gggggggggggggg", "h"), batches, threads + " threads");
            assertEquals(List.of("doc0", "doc1", "doc2", "doc3", "doc4", "doc5", "doc6", "doc7"), seen);
        }
    }

    @Test
    void aFailedBatchIsReportedWithItsFirstDocumentAfterTheBatchesBeforeIt() throws Exception {
        List<String> seen = new ArrayList<>();
        OrderedCasPipeline.DocumentException e;
        try (OrderedCasPipeline pipeline = new OrderedCasPipeline(recordingWorkers(new ArrayList<>()), 2,
                new OrderedCasPipeline.BatchLimits(2, 1000), List.of(), (cas, document) -> seen.add(document))) {
            e = assertThrows(OrderedCasPipeline.DocumentException.class, () -> {
                for (int i = 0; i < 10; i++) {
                    CAS cas = pipeline.nextCas();
                    cas.setDocumentText(i == 5 ? "bad" : "text " + i);
                    pipeline.submit(cas, "doc" + i);
                }
                pipeline.finish();
            });
        }
        assertEquals("doc4 (batch of 2 documents, to doc5)", e.document());
        assertEquals(List.of("doc0", "doc1", "doc2", "doc3"), seen);
        assertEquals("expected no bad text, found one", e.getCause().getMessage());
    }

    @Test
    void batchLimitsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OrderedCasPipeline.BatchLimits(0, 5));
        assertEquals("expected at least 1 document and 1 character per batch, found 0 and 5", e.getMessage());
    }
}
