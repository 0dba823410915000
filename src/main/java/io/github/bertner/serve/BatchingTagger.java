package io.github.bertner.serve;

import io.github.bertner.inference.EntityPrediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded request queue in front of one {@link SentenceTagger}, drained by one worker thread that
 * merges the waiting requests (up to a sentence budget) into one batched call, each request its own
 * document ({@link SentenceTagger#tagDocuments}). The bound is what turns
 * overload into a quick refusal ({@link QueueFullException}, HTTP 503) instead of a growing backlog.
 */
public final class BatchingTagger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchingTagger.class);

    private record Job(List<List<String>> sentences, CompletableFuture<List<List<EntityPrediction>>> result) {
    }

    private final String language;
    private final SentenceTagger tagger;
    private final BlockingQueue<Job> queue;
    private final int capacity;
    private final int maxBatchSentences;
    private final Thread worker;
    private final AtomicBoolean running = new AtomicBoolean(true);

    /**
     * Starts the worker.
     *
     * @param language          language served, for messages and the thread name
     * @param tagger            the model
     * @param capacity          most requests waiting (not counting the batch being tagged), at least 1
     * @param maxBatchSentences most sentences merged into one call (a larger request is still taken whole)
     */
    public BatchingTagger(String language, SentenceTagger tagger, int capacity, int maxBatchSentences) {
        if (capacity < 1 || maxBatchSentences < 1) {
            throw new IllegalArgumentException("expected capacity and batch size of at least 1, found "
                    + capacity + " and " + maxBatchSentences);
        }
        this.language = Objects.requireNonNull(language, "language");
        this.tagger = Objects.requireNonNull(tagger, "tagger");
        this.capacity = capacity;
        this.maxBatchSentences = maxBatchSentences;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.worker = new Thread(this::work, "bertner-tagger-" + language);
        worker.setDaemon(true);
        worker.start();
    }

    /** @return the model behind the queue */
    public SentenceTagger tagger() {
        return tagger;
    }

    /** @return requests waiting now */
    public int waiting() {
        return queue.size();
    }

    /** @return the most requests that may wait */
    public int capacity() {
        return capacity;
    }

    /**
     * Queues a request.
     *
     * @param sentences word sequences to tag
     * @return the entities per sequence, once tagged
     * @throws QueueFullException when the queue is full
     * @throws IllegalStateException after {@link #close()}
     */
    public CompletableFuture<List<List<EntityPrediction>>> submit(List<List<String>> sentences) {
        if (!running.get()) {
            throw new IllegalStateException("the " + language + " tagger is shut down");
        }
        CompletableFuture<List<List<EntityPrediction>>> f = new CompletableFuture<>();
        if (sentences.isEmpty()) {
            f.complete(List.of());
            return f;
        }
        if (!queue.offer(new Job(List.copyOf(sentences), f))) {
            throw new QueueFullException(language, capacity);
        }
        return f;
    }

    private void work() {
        List<Job> batch = new ArrayList<>();
        while (running.get() || !queue.isEmpty()) {
            try {
                Job first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                int sentences = first.sentences().size();
                Job next;
                while (sentences < maxBatchSentences && (next = queue.peek()) != null
                        && sentences + next.sentences().size() <= maxBatchSentences) {
                    batch.add(queue.poll());
                    sentences += next.sentences().size();
                }
                run(batch, sentences);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Job j; (j = queue.poll()) != null; ) {
            j.result().completeExceptionally(new IllegalStateException("the " + language + " tagger is shut down"));
        }
    }

    private void run(List<Job> batch, int sentences) {
        // one document per request: merged requests share the model call, never each other's context
        List<List<List<String>>> documents = new ArrayList<>(batch.size());
        for (Job j : batch) {
            documents.add(j.sentences());
        }
        try {
            List<List<List<EntityPrediction>>> out = tagger.tagDocuments(documents);
            if (out.size() != documents.size()) {
                throw new IllegalStateException("expected " + documents.size() + " documents from "
                        + tagger.modelId() + ", found " + out.size());
            }
            for (int k = 0; k < batch.size(); k++) {
                if (out.get(k).size() != documents.get(k).size()) {
                    throw new IllegalStateException("expected " + documents.get(k).size() + " predictions from "
                            + tagger.modelId() + ", found " + out.get(k).size());
                }
            }
            for (int k = 0; k < batch.size(); k++) {
                batch.get(k).result().complete(out.get(k));
            }
        } catch (RuntimeException e) {
            // one failing batch fails its requests, never the worker
            LOG.error("{}: tagging {} requests ({} sentences) failed", tagger.modelId(), batch.size(), sentences, e);
            batch.forEach(j -> j.result().completeExceptionally(e));
        }
    }

    /**
     * Tags what is already queued, then stops the worker (waiting at most {@code timeoutMillis}).
     *
     * @param timeoutMillis longest wait for the worker
     * @throws InterruptedException when interrupted while waiting
     */
    public void drain(long timeoutMillis) throws InterruptedException {
        running.set(false);
        worker.join(timeoutMillis);
    }

    /** Stops the worker after the queued requests and closes the model. */
    @Override
    public void close() {
        try {
            drain(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tagger.close();
    }
}
