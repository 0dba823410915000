package io.github.bertner.uima;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.cas.CAS;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.resource.metadata.MetaDataObject;
import org.apache.uima.util.CasCreationUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs copies of an analysis engine on several threads while the caller feeds documents in order, and hands every
 * processed CAS back to the caller's consumer in the order the documents were fed, on the caller's thread. The
 * pattern of {@code tag --threads N}: one reader (the caller) → N engine copies (for example segmenter + {@link
 * NerTagger}, whose copies share one model through {@link io.github.bertner.inference.SharedPredictors}) → one
 * writer (the consumer, which therefore needs no locking and sees the same order as a one-thread run).
 *
 * <p>A fixed pool of twice as many CASes as threads bounds memory: when the caller asks for a CAS and none is free,
 * the oldest fed document is waited for and consumed first. A document that fails is reported when its turn
 * comes, after every document fed before it has been consumed. Not thread-safe: feed, finish and close from one
 * thread.
 */
public final class OrderedCasPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrderedCasPipeline.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    /** Receives each processed CAS, in input order, on the feeding thread. */
    @FunctionalInterface
    public interface Consumer {
        /**
         * @param cas      the processed CAS; it is reset and reused after this returns
         * @param document the name it was fed with
         * @throws Exception to stop the run
         */
        void accept(CAS cas, String document) throws Exception;
    }

    /** A document whose processing failed, with the engine's exception as cause. */
    public static final class DocumentException extends Exception {
        private final String document;

        DocumentException(String document, Throwable cause) {
            super(document + ": " + cause.getMessage(), cause);
            this.document = document;
        }

        /** @return the name the document was fed with */
        public String document() {
            return document;
        }
    }

    private record Pending(Future<?> done, CAS cas, String document) {
    }

    private final List<AnalysisEngine> engines = new ArrayList<>();
    private final BlockingQueue<AnalysisEngine> idle;
    private final ExecutorService threads;
    private final Deque<CAS> free = new ArrayDeque<>();
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final Consumer consumer;

    /**
     * Creates the engine copies (one per thread) and the CAS pool.
     *
     * @param engine   what runs on each document; instantiated once per thread
     * @param threads  number of threads, at least 1
     * @param metaData further metadata the CASes must hold types for (the reader's, the consumer's engines')
     * @param consumer receives the processed CASes in input order
     * @throws ResourceInitializationException when an engine or the CAS pool cannot be created
     */
    public OrderedCasPipeline(AnalysisEngineDescription engine, int threads,
                              Collection<? extends MetaDataObject> metaData, Consumer consumer)
            throws ResourceInitializationException {
        if (threads < 1) {
            throw new IllegalArgumentException("expected at least 1 thread, found " + threads);
        }
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.idle = new ArrayBlockingQueue<>(threads);
        int pool = POOLS.incrementAndGet();
        AtomicInteger names = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bertner-pipeline-" + pool + "-" + names.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < threads; i++) {
                AnalysisEngine copy = AnalysisEngineFactory.createEngine(engine);
                engines.add(copy);
                idle.add(copy);
            }
            List<MetaDataObject> all = new ArrayList<>(metaData);
            all.add(engines.get(0).getProcessingResourceMetaData());
            for (int i = 0; i < 2 * threads; i++) {
                free.add(CasCreationUtils.createCas(all));
            }
        } catch (ResourceInitializationException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * A free, reset CAS to fill with the next document. While none is free, the oldest fed document is waited
     * for and handed to the consumer.
     *
     * @return the CAS; pass it to {@link #submit} or {@link #release}
     * @throws DocumentException when the oldest document failed
     * @throws Exception         what the consumer throws
     */
    public CAS nextCas() throws Exception {
        while (free.isEmpty()) {
            consumeOldest();
        }
        CAS cas = free.removeFirst();
        cas.reset();
        return cas;
    }

    /**
     * Starts processing a filled CAS on a free thread.
     *
     * @param cas      a CAS from {@link #nextCas}
     * @param document name of the document, for the consumer and for errors
     */
    public void submit(CAS cas, String document) {
        Future<?> done = threads.submit(() -> {
            AnalysisEngine engine = idle.take();
            try {
                engine.process(cas);
            } finally {
                idle.put(engine);
            }
            return null;
        });
        pending.addLast(new Pending(done, cas, document));
    }

    /**
     * Gives back a CAS from {@link #nextCas} that is not to be processed (a skipped document).
     *
     * @param cas the CAS
     */
    public void release(CAS cas) {
        free.addLast(cas);
    }

    /**
     * Waits for every fed document and hands them to the consumer, then tells every engine copy that the
     * collection is complete.
     *
     * @throws DocumentException when a document failed
     * @throws Exception         what the consumer or an engine's collectionProcessComplete throws
     */
    public void finish() throws Exception {
        while (!pending.isEmpty()) {
            consumeOldest();
        }
        for (AnalysisEngine e : engines) {
            e.collectionProcessComplete();
        }
    }

    private void consumeOldest() throws Exception {
        Pending oldest = pending.removeFirst();
        try {
            oldest.done().get();
        } catch (ExecutionException e) {
            free.addLast(oldest.cas());
            throw new DocumentException(oldest.document(), e.getCause());
        }
        try {
            consumer.accept(oldest.cas(), oldest.document());
        } finally {
            free.addLast(oldest.cas());
        }
    }

    /**
     * Stops the threads (documents not started yet are dropped, running ones finish) and destroys the engine
     * copies, which gives their shared model back.
     */
    @Override
    public void close() {
        threads.shutdownNow();
        boolean stopped;
        try {
            stopped = threads.awaitTermination(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = false;
        }
        if (!stopped) {
            // destroying an engine under a running document would free the model it is using
            LOG.warn("pipeline threads still running after 10 minutes; their engines are not destroyed");
            return;
        }
        for (AnalysisEngine e : engines) {
            e.destroy();
        }
        engines.clear();
    }
}
