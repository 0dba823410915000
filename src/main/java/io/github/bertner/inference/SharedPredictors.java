package io.github.bertner.inference;

import io.github.bertner.runtime.InferenceRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-wide cache of loaded {@link NerPredictor}s: every user of the same {@link Spec} (canonical model
 * folder, device, runtime and window/batch settings) gets the same predictor, loaded once, and the predictor is
 * closed when the last {@link Lease} is closed. This is how several tagger instances (several pipeline threads,
 * several engines, the {@code tag --threads} workers) share one model's memory; the predictor is thread-safe, so
 * sharing needs no further locking by its users.
 *
 * <p>The key holds every setting fixed when a predictor is built (window and stride shape its encoder, batch size
 * its model calls), so users that differ in one of them get separate predictors. Decoding is not part of it: it
 * is chosen per call ({@link NerPredictor#predictAll(java.util.List, io.github.bertner.tagging.Decoding)}).
 */
public final class SharedPredictors {

    private static final Logger LOG = LoggerFactory.getLogger(SharedPredictors.class);
    private static final Map<Spec, Entry> ENTRIES = new HashMap<>();

    private SharedPredictors() {
    }

    /**
     * What identifies one shared predictor.
     *
     * @param modelDir  the model folder; made canonical (symbolic links and {@code ..} resolved) by {@link #acquire}
     * @param device    {@code auto}, {@code cpu} or {@code gpu:N} (compared case-insensitively)
     * @param runtime   engine of the forward pass
     * @param batchSize windows per model call, at least 1
     * @param maxLength window length in pieces; 0 takes the model's
     * @param stride    pieces shared by consecutive windows; -1 takes the model's
     */
    public record Spec(Path modelDir, String device, InferenceRuntime runtime, int batchSize, int maxLength,
                       int stride) {

        /** Checks the values and normalizes the device name. */
        public Spec {
            Objects.requireNonNull(modelDir, "modelDir");
            Objects.requireNonNull(runtime, "runtime");
            device = Objects.requireNonNull(device, "device").trim().toLowerCase(Locale.ROOT);
        }

        /**
         * The spec with the defaults of {@link NerPredictor.Builder}: device auto, PyTorch, 32 windows per call,
         * the model's window and stride.
         *
         * @param modelDir the model folder
         * @return the spec
         */
        public static Spec of(Path modelDir) {
            return new Spec(modelDir, "auto", InferenceRuntime.PYTORCH, BatchBudget.DEFAULT.maxWindows(), 0, -1);
        }

        /** @return the builder that loads this spec's predictor */
        NerPredictor.Builder builder() {
            NerPredictor.Builder builder = NerPredictor.builder(modelDir).optDevice(device).optBatchSize(batchSize)
                    .optRuntime(runtime);
            if (maxLength > 0) {
                builder.optMaxLength(maxLength);
            }
            if (stride >= 0) {
                builder.optStride(stride);
            }
            return builder;
        }

        private Spec canonical() {
            Path dir;
            try {
                dir = modelDir.toRealPath();
            } catch (IOException e) {
                // a folder that does not exist: the loader's error names it, the key just must be stable
                dir = modelDir.toAbsolutePath().normalize();
            }
            return new Spec(dir, device, runtime, batchSize, maxLength, stride);
        }
    }

    /**
     * One user's hold on a shared predictor. Closing it (once; later calls do nothing) gives the hold back, and
     * the last one given back closes the predictor.
     */
    public static final class Lease implements AutoCloseable {
        private final Entry entry;
        private final NerPredictor predictor;
        private boolean closed;

        private Lease(Entry entry, NerPredictor predictor) {
            this.entry = entry;
            this.predictor = predictor;
        }

        /** @return the shared predictor; do not close it, close the lease */
        public NerPredictor predictor() {
            return predictor;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            release(entry);
        }
    }

    /** A spec's predictor and how many leases hold it. */
    private static final class Entry {
        final Spec spec;
        int users;
        // volatile: held() reads it without waiting for a load in progress
        volatile NerPredictor predictor;

        Entry(Spec spec) {
            this.spec = spec;
        }

        /** Loads on first use; callers of the same entry wait for that one load instead of loading again. */
        synchronized NerPredictor predictor() throws IOException {
            if (predictor == null) {
                predictor = spec.builder().build();
            }
            return predictor;
        }
    }

    /**
     * Takes a hold on the predictor of a spec, loading it when no one holds it yet.
     *
     * @param spec what to load
     * @return the lease; close it when done
     * @throws IOException when a model file cannot be read
     * @throws IllegalArgumentException when a setting is invalid for the model
     */
    public static Lease acquire(Spec spec) throws IOException {
        Spec key = spec.canonical();
        Entry entry;
        synchronized (ENTRIES) {
            entry = ENTRIES.computeIfAbsent(key, Entry::new);
            entry.users++;
        }
        try {
            return new Lease(entry, entry.predictor());
        } catch (IOException | RuntimeException | Error e) {
            // a failed load leaves nothing behind: the next user tries again and gets its own error
            release(entry);
            throw e;
        }
    }

    /**
     * How many predictors are loaded and held right now.
     *
     * @return the count
     */
    public static int held() {
        synchronized (ENTRIES) {
            int n = 0;
            for (Entry e : ENTRIES.values()) {
                n += e.predictor != null ? 1 : 0;
            }
            return n;
        }
    }

    private static void release(Entry entry) {
        synchronized (ENTRIES) {
            if (--entry.users > 0) {
                return;
            }
            ENTRIES.remove(entry.spec);
        }
        NerPredictor last;
        synchronized (entry) {
            last = entry.predictor;
            entry.predictor = null;
        }
        if (last != null) {
            LOG.debug("closing the shared predictor of {}: its last user is done", entry.spec.modelDir());
            last.close();
        }
    }
}
