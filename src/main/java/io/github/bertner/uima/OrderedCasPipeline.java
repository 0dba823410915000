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
 * Runs per-thread workers (copies of an analysis engine, or batch taggers) on several threads while the caller
 * feeds documents in order, and hands every processed CAS back to the caller's consumer in the order the documents
 * were fed, on the caller's thread. The pattern of {@code tag --threads N}: one reader (the caller) → N workers
 * (for example segmenter + {@link NerTagging}, sharing one model through
 * {@link io.github.bertner.inference.SharedPredictors}) → one writer (the consumer, which therefore needs no
 * locking and sees the same order as a one-thread run).
 *
 * <p>Consecutive documents are handed to a worker as one batch ({@link BatchLimits}): a batch closes when it holds
 * the limit's number of documents or characters, so its composition depends only on the input, never on timing or
 * on the number of threads. A batch tagger can thus fill its model calls across short documents and still give
 * the same output for any {@code --threads}.
 *
 * <p>A pool of CASes, created as needed up to twice the documents that all threads can hold at once, bounds memory:
 * when the caller asks for a CAS and none is free, the oldest fed batch is waited for and consumed first. A batch
 * that fails is reported when its turn comes, after every document fed before it has been consumed, naming the
 * document the worker names ({@link DocumentFailure}) or else the batch's first document. Not thread-safe: feed,
 * finish and close from one thread.
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

    /** Processes batches of CASes on one pipeline thread; each thread has its own instance. */
    public interface Worker extends AutoCloseable {
        /**
         * Processes consecutive documents together.
         *
         * @param batch the CASes, in input order
         * @throws DocumentFailure to name the document that failed
         * @throws Exception       any other failure, reported with the batch's first document
         */
        void process(List<CAS> batch) throws Exception;

        /**
         * Called once after the last batch.
         *
         * @throws Exception to stop the run
         */
        void collectionProcessComplete() throws Exception;

        /** Frees what the worker holds (engines, model leases). */
        @Override
        void close();
    }

    /**
     * Where a batch closes: at {@code documents} documents, or once its documents' texts reach {@code characters}
     * characters together (a document longer than that is a batch of its own).
     *
     * @param documents  documents per batch, at least 1
     * @param characters characters per batch, at least 1
     */
    public record BatchLimits(int documents, long characters) {
        /** One document per batch: what a UIMA engine sees. */
        public static final BatchLimits ONE_DOCUMENT = new BatchLimits(1, Long.MAX_VALUE);

        /** Checks the limits. */
        public BatchLimits {
            if (documents < 1 || characters < 1) {
                throw new IllegalArgumentException("expected at least 1 document and 1 character per batch, found "
                        + documents + " and " + characters);
            }
        }
    }

    /** A worker's failure at one document of its batch. */
    public static final class DocumentFailure extends Exception {
        private final int index;

        /**
         * @param index position of the failed document in the batch
         * @param cause what failed
         */
        public DocumentFailure(int index, Throwable cause) {
            super(cause.getMessage(), cause);
            this.index = index;
        }

        /** @return position of the failed document in the batch */
        public int index() {
            return index;
        }
    }

    /** A document whose processing failed, with the worker's exception as cause. */
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

    private record Batch(Future<?> done, List<CAS> cases, List<String> documents) {
    }

    private final List<Worker> workers = new ArrayList<>();
    private final BlockingQueue<Worker> idle;
    private final ExecutorService threads;
    private final BatchLimits limits;
    private final List<MetaDataObject> metaData;
    private final int poolSize;
    private int created;
    private final Deque<CAS> free = new ArrayDeque<>();
    private final Deque<Batch> pending = new ArrayDeque<>();
    private final List<CAS> filling = new ArrayList<>();
    private final List<String> fillingNames = new ArrayList<>();
    private long fillingCharacters;
    private final Consumer consumer;

    /**
     * Runs one copy of an engine per thread, one document at a time.
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
        this(engineWorkers(engine), threads, BatchLimits.ONE_DOCUMENT, metaData, consumer);
    }

    /**
     * Runs one worker per thread on batches of consecutive documents.
     *
     * @param workers  creates one worker per thread
     * @param threads  number of threads, at least 1
     * @param limits   where a batch closes
     * @param metaData metadata the CASes must hold types for (the reader's, the workers' and the consumer's)
     * @param consumer receives the processed CASes in input order
     * @throws ResourceInitializationException when a worker or the first CAS cannot be created
     */
    public OrderedCasPipeline(WorkerFactory workers, int threads, BatchLimits limits,
                              Collection<? extends MetaDataObject> metaData, Consumer consumer)
            throws ResourceInitializationException {
        if (threads < 1) {
            throw new IllegalArgumentException("expected at least 1 thread, found " + threads);
        }
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.idle = new ArrayBlockingQueue<>(threads);
        this.poolSize = (int) Math.min(Integer.MAX_VALUE, 2L * threads * limits.documents());
        int pool = POOLS.incrementAndGet();
        AtomicInteger names = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bertner-pipeline-" + pool + "-" + names.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<MetaDataObject> all = new ArrayList<>(metaData);
            for (int i = 0; i < threads; i++) {
                Worker w = workers.create(all);
                addWorker(w);
            }
            this.metaData = List.copyOf(all);
            // the first CAS is made now, so that a type system conflict fails here and not at the first document
            free.add(CasCreationUtils.createCas(this.metaData));
            created = 1;
        } catch (ResourceInitializationException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Creates the worker of one thread. */
    @FunctionalInterface
    public interface WorkerFactory {
        /**
         * @param metaData add the metadata of what the worker runs (engines), so that the CASes hold its types
         * @return a new worker
         * @throws ResourceInitializationException when it cannot be created
         */
        Worker create(List<MetaDataObject> metaData) throws ResourceInitializationException;
    }

    private void addWorker(Worker w) {
        workers.add(w);
        idle.add(w);
    }

    private static WorkerFactory engineWorkers(AnalysisEngineDescription description) {
        Objects.requireNonNull(description, "engine");
        boolean[] first = {true};
        return metaData -> {
            AnalysisEngine engine = AnalysisEngineFactory.createEngine(description);
            if (first[0]) {
                metaData.add(engine.getProcessingResourceMetaData());
                first[0] = false;
            }
            return new Worker() {
                @Override
                public void process(List<CAS> batch) throws Exception {
                    for (int i = 0; i < batch.size(); i++) {
                        try {
                            engine.process(batch.get(i));
                        } catch (Exception e) {
                            throw new DocumentFailure(i, e);
                        }
                    }
                }

                @Override
                public void collectionProcessComplete() throws Exception {
                    engine.collectionProcessComplete();
                }

                @Override
                public void close() {
                    engine.destroy();
                }
            };
        };
    }

    /**
     * A free, reset CAS to fill with the next document. While none is free and the pool is full, the oldest fed
     * batch is waited for and handed to the consumer.
     *
     * @return the CAS; pass it to {@link #submit} or {@link #release}
     * @throws DocumentException when the oldest batch failed
     * @throws Exception         what the consumer throws
     */
    public CAS nextCas() throws Exception {
        while (free.isEmpty()) {
            if (created < poolSize) {
                free.add(CasCreationUtils.createCas(metaData));
                created++;
            } else if (pending.isEmpty()) {
                // every CAS is in the batch being filled: close it so that it can run
                dispatch();
            } else {
                consumeOldest();
            }
        }
        CAS cas = free.removeFirst();
        cas.reset();
        return cas;
    }

    /**
     * Adds a filled CAS to the batch being filled, which starts on a free thread once it reaches the limits.
     *
     * @param cas      a CAS from {@link #nextCas}
     * @param document name of the document, for the consumer and for errors
     */
    public void submit(CAS cas, String document) {
        String text = cas.getDocumentText();
        long length = text == null ? 0 : text.length();
        if (!filling.isEmpty() && fillingCharacters + length > limits.characters()) {
            dispatch();
        }
        filling.add(cas);
        fillingNames.add(document);
        fillingCharacters += length;
        if (filling.size() >= limits.documents() || fillingCharacters >= limits.characters()) {
            dispatch();
        }
    }

    private void dispatch() {
        if (filling.isEmpty()) {
            return;
        }
        List<CAS> batch = List.copyOf(filling);
        List<String> names = List.copyOf(fillingNames);
        filling.clear();
        fillingNames.clear();
        fillingCharacters = 0;
        Future<?> done = threads.submit(() -> {
            Worker worker = idle.take();
            try {
                worker.process(batch);
            } finally {
                idle.put(worker);
            }
            return null;
        });
        pending.addLast(new Batch(done, batch, names));
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
     * Runs the last batch, waits for every fed document and hands them to the consumer, then tells every worker
     * that the collection is complete.
     *
     * @throws DocumentException when a document failed
     * @throws Exception         what the consumer or a worker's collectionProcessComplete throws
     */
    public void finish() throws Exception {
        dispatch();
        while (!pending.isEmpty()) {
            consumeOldest();
        }
        for (Worker w : workers) {
            w.collectionProcessComplete();
        }
    }

    private void consumeOldest() throws Exception {
        Batch oldest = pending.removeFirst();
        try {
            oldest.done().get();
        } catch (ExecutionException e) {
            free.addAll(oldest.cases());
            Throwable cause = e.getCause();
            if (cause instanceof DocumentFailure f) {
                throw new DocumentException(oldest.documents().get(f.index()), f.getCause());
            }
            String where = oldest.documents().size() == 1 ? oldest.documents().get(0)
                    : oldest.documents().get(0) + " (batch of " + oldest.documents().size() + " documents, to "
                            + oldest.documents().get(oldest.documents().size() - 1) + ")";
            throw new DocumentException(where, cause);
        }
        int consumed = 0;
        try {
            for (int i = 0; i < oldest.cases().size(); i++) {
                consumer.accept(oldest.cases().get(i), oldest.documents().get(i));
                consumed++;
                free.addLast(oldest.cases().get(i));
            }
        } finally {
            for (int i = consumed; i < oldest.cases().size(); i++) {
                free.addLast(oldest.cases().get(i));
            }
        }
    }

    /**
     * Stops the threads (batches not started yet are dropped, running ones finish) and closes the workers, which
     * gives their shared model back.
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
            // closing a worker under a running batch would free the model it is using
            LOG.warn("pipeline threads still running after 10 minutes; their workers are not closed");
            return;
        }
        for (Worker w : workers) {
            w.close();
        }
        workers.clear();
    }
}
