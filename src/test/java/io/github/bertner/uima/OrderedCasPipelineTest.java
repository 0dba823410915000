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
}
