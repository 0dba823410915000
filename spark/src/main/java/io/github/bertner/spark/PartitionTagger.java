package io.github.bertner.spark;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The {@code mapPartitions} function of {@link SparkTagJob}: turns {@link Schemas#DOCUMENT} rows into
 * {@link Schemas#RESULT} rows, one per document and in input order, with the executor JVM's shared
 * {@link DocumentTagger} (loaded by the first task that needs it).
 *
 * <p>A document that cannot be tagged (malformed record, no id, no text, bytes that are not UTF-8, an
 * exception from the tagger) becomes a result row with a {@link FailureKind} and a reason, and the
 * partition goes on. A model that cannot be loaded is not a document's fault: that fails the task.
 *
 * <p>With more than one thread per task, up to {@code 2 * threads} documents are in flight on a pool
 * owned by the task (shut down when the task ends, also on failure or kill); results still come out
 * in input order, so a retried task yields the same rows.
 */
final class PartitionTagger implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;
    /** Longest excerpt of a bad record quoted in a reason. */
    private static final int EXCERPT = 200;

    private final TaggerSettings settings;
    private final int threads;

    PartitionTagger(TaggerSettings settings, int threads) {
        this.settings = settings;
        this.threads = threads;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> documents) {
        DocumentTagger tagger = DocumentTagger.shared(settings.withModelLocation(
                ModelLocations.resolve(settings.modelLocation())));
        if (threads == 1) {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return documents.hasNext();
                }

                @Override
                public Row next() {
                    return process(tagger, documents.next());
                }
            };
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) context -> pool.shutdownNow());
        }
        return new OrderedIterator(documents, pool, tagger, 2 * threads);
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "bertner-tag-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Results of a pool in submission order, with a bounded number of documents in flight. */
    private static final class OrderedIterator implements Iterator<Row> {
        private final Iterator<Row> documents;
        private final ExecutorService pool;
        private final DocumentTagger tagger;
        private final int window;
        private final ArrayDeque<Future<Row>> inFlight = new ArrayDeque<>();

        OrderedIterator(Iterator<Row> documents, ExecutorService pool, DocumentTagger tagger, int window) {
            this.documents = documents;
            this.pool = pool;
            this.tagger = tagger;
            this.window = window;
        }

        private void fill() {
            while (inFlight.size() < window && documents.hasNext()) {
                Row document = documents.next();
                inFlight.add(pool.submit(() -> process(tagger, document)));
            }
            if (inFlight.isEmpty()) {
                pool.shutdown();
            }
        }

        @Override
        public boolean hasNext() {
            fill();
            return !inFlight.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            try {
                return inFlight.removeFirst().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while tagging", e);
            } catch (ExecutionException e) {
                // process() turns document problems into rows, so what arrives here is an Error: fail the task
                throw new IllegalStateException("tagging thread failed: " + e.getCause(), e.getCause());
            }
        }
    }

    static Row process(DocumentTagger tagger, Row document) {
        String id = document.getString(Schemas.DOC_ID);
        String source = document.getString(Schemas.DOC_SOURCE);
        String corrupt = document.getString(Schemas.DOC_CORRUPT);
        if (corrupt != null) {
            return failure(id, source, FailureKind.MALFORMED_RECORD,
                    "expected a JSON object with string fields id and text, found: " + excerpt(corrupt));
        }
        if (id == null || id.isBlank()) {
            return failure(id, source, FailureKind.MISSING_ID, "expected a non-blank id, found "
                    + (id == null ? "none" : "'" + id + "'"));
        }
        String text = document.getString(Schemas.DOC_TEXT);
        if (text == null && !document.isNullAt(Schemas.DOC_CONTENT)) {
            byte[] bytes = (byte[]) document.get(Schemas.DOC_CONTENT);
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            ByteBuffer in = ByteBuffer.wrap(bytes);
            CharBuffer out = CharBuffer.allocate(bytes.length);
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return failure(id, source, FailureKind.INVALID_ENCODING, String.format(Locale.ROOT,
                        "expected UTF-8, found %d invalid byte(s) at byte offset %d (0x%02X)",
                        result.length(), in.position(), bytes[in.position()] & 0xFF));
            }
            decoder.flush(out);
            text = out.flip().toString();
        }
        if (text == null) {
            return failure(id, source, FailureKind.MISSING_TEXT, "expected a text, found none");
        }
        TaggedDocument tagged;
        try {
            tagged = tagger.tag(text);
        } catch (RuntimeException e) {
            return failure(id, source, FailureKind.TAGGING_FAILED, e.toString());
        }
        List<Row> entities = new ArrayList<>(tagged.entities().size());
        for (TaggedEntity e : tagged.entities()) {
            entities.add(RowFactory.create(e.begin(), e.end(), e.type(), e.text(), e.confidence()));
        }
        // an array column of an external Row must be a Scala Seq
        return RowFactory.create(id, source, tagged.tokens(), tagged.sentences(),
                CollectionConverters.asScala(entities).toSeq(), null, null);
    }

    private static Row failure(String id, String source, FailureKind kind, String reason) {
        return RowFactory.create(id, source, 0, 0, CollectionConverters.asScala(List.<Row>of()).toSeq(), kind.name(),
                reason);
    }

    private static String excerpt(String s) {
        String flat = s.replace('\n', ' ').replace('\r', ' ');
        return flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT) + "…";
    }
}
