package io.github.bertner.inference;

import io.github.bertner.runtime.InferenceRuntime;
import io.github.bertner.runtime.PieceLogits;
import io.github.bertner.model.DeviceSpec;
import io.github.bertner.model.ModelSettings;
import io.github.bertner.model.SequenceContext;
import io.github.bertner.model.TokenClassifierModel;
import io.github.bertner.tagging.Decoding;
import io.github.bertner.tagging.TagScheme;
import io.github.bertner.tokenization.LabelSet;
import io.github.bertner.tokenization.SequenceEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tags word sequences with a fine-tuned token classifier loaded from its folder: the model plus the
 * {@link WordLevelPredictor} over it (windows, token-budget batches, per-word distributions, Viterbi or argmax,
 * entity spans).
 *
 * <p>Everything the model was trained with comes from its folder through {@link ModelSettings}: labels
 * (config.json id2label), tokenizer, tag scheme, label alignment, window, stride and sequence context.
 * A sequence longer than the window is split into overlapping windows and every word is predicted exactly
 * once, from the window that gives it the most context; nothing is truncated.
 *
 * <p>Thread-safe: one predictor serves any number of threads (see {@link WordLevelPredictor} for how their
 * calls share batches). Closing it frees the model's native memory; close it only when no call is running.
 */
public final class NerPredictor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NerPredictor.class);
    private static final AtomicLong LOADS = new AtomicLong();

    private final Path modelDir;
    private final TokenClassifierModel model;
    private final WordLevelPredictor core;
    private final PieceLogits logits;
    private final Decoding decoding;

    private NerPredictor(Builder b, TokenClassifierModel model) {
        this.modelDir = b.modelDir;
        this.model = model;
        ModelSettings settings = ModelSettings.read(model, b.modelDir.toString());
        if (b.maxLength > 0 || b.stride >= 0) {
            int maxLength = b.maxLength > 0 ? b.maxLength : settings.maxLength();
            int limit = Math.min(settings.tokenizer().modelMaxLength(), model.config().maxPositionEmbeddings());
            if (maxLength > limit) {
                throw new IllegalArgumentException(b.modelDir + ": expected a max length of at most " + limit
                        + " (model_max_length / max_position_embeddings), found " + maxLength);
            }
            int stride = b.stride >= 0 ? b.stride
                    : b.maxLength > 0 ? ModelSettings.defaultStride(maxLength) : settings.stride();
            settings = settings.withWindow(maxLength, stride);
        }
        LabelSet labels = LabelSet.of(model.labels());
        this.logits = b.runtime.open(model, 0);
        this.core = new WordLevelPredictor(settings, settings.encoder(settings.tokenizerFor(model), labels),
                logits::logits, new BatchBudget(b.batchSize, b.maxBatchPieces));
        this.decoding = b.decoding;
        LOADS.incrementAndGet();
        LOG.info("loaded {}: {} labels, {}, decoding {}, device {}, runtime {}", modelDir, labels.size(),
                settings.describe(), decoding, model.device(), b.runtime);
    }

    /**
     * How many predictors this JVM has loaded so far (a model folder loaded twice counts twice); lets tests
     * and benchmarks check that threads share one model.
     *
     * @return the count
     */
    public static long loadCount() {
        return LOADS.get();
    }

    /**
     * Starts a builder for a model folder.
     *
     * @param modelDir folder with config.json, model.safetensors, vocab.txt and tokenizer_config.json
     * @return the builder
     */
    public static Builder builder(Path modelDir) {
        return new Builder(modelDir);
    }

    /** Options of a {@link NerPredictor}; only the model folder is required. */
    public static final class Builder {
        private final Path modelDir;
        private String device = "auto";
        private int batchSize = BatchBudget.DEFAULT.maxWindows();
        private int maxLength;
        private int stride = -1;
        private int maxBatchPieces = BatchBudget.DEFAULT.maxPieces();
        private Decoding decoding = Decoding.VITERBI;
        private InferenceRuntime runtime = InferenceRuntime.PYTORCH;

        private Builder(Path modelDir) {
            this.modelDir = Objects.requireNonNull(modelDir, "modelDir");
        }

        /**
         * @param device {@code auto}, {@code cpu} or {@code gpu:N} (default auto)
         * @return this builder
         */
        public Builder optDevice(String device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /**
         * @param batchSize windows per model call, at least 1 (default 32)
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("expected a batch size of at least 1, found " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param pieces most padded pieces per model call (windows times the longest), at least 1 (default 4096)
         * @return this builder
         */
        public Builder optMaxBatchPieces(int pieces) {
            if (pieces < 1) {
                throw new IllegalArgumentException("expected at least 1 piece per batch, found " + pieces);
            }
            this.maxBatchPieces = pieces;
            return this;
        }

        /**
         * @param maxLength window length in pieces, [CLS] and [SEP] included (default: the model's)
         * @return this builder
         */
        public Builder optMaxLength(int maxLength) {
            if (maxLength < 3) {
                throw new IllegalArgumentException("expected a max length of at least 3, found " + maxLength);
            }
            this.maxLength = maxLength;
            return this;
        }

        /**
         * @param stride most pieces shared by consecutive windows (default: the model's; with
         *     {@link #optMaxLength} alone, {@link ModelSettings#defaultStride} of that length)
         * @return this builder
         */
        public Builder optStride(int stride) {
            if (stride < 0) {
                throw new IllegalArgumentException("expected a non-negative stride, found " + stride);
            }
            this.stride = stride;
            return this;
        }

        /**
         * @param decoding Viterbi (default) or argmax
         * @return this builder
         */
        public Builder optDecoding(Decoding decoding) {
            this.decoding = Objects.requireNonNull(decoding, "decoding");
            return this;
        }

        /**
         * @param runtime engine of the forward pass (default PyTorch); the ONNX ones run on the CPU
         * @return this builder
         */
        public Builder optRuntime(InferenceRuntime runtime) {
            this.runtime = Objects.requireNonNull(runtime, "runtime");
            return this;
        }

        /**
         * Loads the model.
         *
         * @return the predictor; close it
         * @throws IOException when a model file cannot be read
         * @throws IllegalArgumentException when a setting is invalid for this model
         */
        public NerPredictor build() throws IOException {
            // ONNX Runtime is CPU-only here: "auto" must not put the weights on a GPU first
            TokenClassifierModel model = TokenClassifierModel.load(modelDir,
                    DeviceSpec.parse(runtime.isOnnx() && device.equals("auto") ? "cpu" : device));
            try {
                return new NerPredictor(this, model);
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
        }
    }

    /** @return the model folder */
    public Path modelDir() {
        return modelDir;
    }

    /** @return the labels in id order */
    public List<String> labels() {
        return model.labels();
    }

    /** @return the settings predictions follow (the folder's, with any window override) */
    public ModelSettings settings() {
        return core.settings();
    }

    /** @return the tag scheme of the labels */
    public TagScheme scheme() {
        return core.settings().tagScheme();
    }

    /** @return the decoding in use */
    public Decoding decoding() {
        return decoding;
    }

    /** @return the word-piece encoder (window length, stride, alignment) */
    public SequenceEncoder encoder() {
        return core.encoder();
    }

    /** @return the prediction core over this predictor's model */
    public WordLevelPredictor core() {
        return core;
    }

    /**
     * Predicts one word sequence.
     *
     * @param words the words (for example a sentence's token texts)
     * @return the prediction
     */
    public SentencePrediction predict(List<String> words) {
        return predictAll(List.of(words)).get(0);
    }

    /**
     * Predicts the sentences of one document, batching their windows together; with a
     * {@link SequenceContext#DOCUMENT} model they are one word sequence.
     *
     * @param sentences the word sequences
     * @return one prediction per sequence, in order
     */
    public List<SentencePrediction> predictAll(List<List<String>> sentences) {
        return predictAll(sentences, decoding);
    }

    /**
     * Predicts the sentences of one document with a decoding of the caller's choice, so that users sharing one
     * predictor ({@link SharedPredictors}) may decode differently.
     *
     * @param sentences the word sequences
     * @param decoding  Viterbi or argmax
     * @return one prediction per sequence, in order
     */
    public List<SentencePrediction> predictAll(List<List<String>> sentences, Decoding decoding) {
        return predictAll(sentences, decoding, Batching.SHARED);
    }

    /**
     * Predicts the sentences of one document with a decoding and a batching of the caller's choice.
     *
     * @param sentences the word sequences
     * @param decoding  Viterbi or argmax
     * @param batching  {@link Batching#OWN} for a result that does not depend on calls of other threads
     * @return one prediction per sequence, in order
     */
    public List<SentencePrediction> predictAll(List<List<String>> sentences, Decoding decoding, Batching batching) {
        return core.predictDocuments(List.of(sentences), decoding, batching).get(0);
    }

    /**
     * Predicts several documents, filling batches across all their sentences.
     *
     * @param documents for each document its sentences' words
     * @return for each document one prediction per sentence
     */
    public List<List<SentencePrediction>> predictDocuments(List<List<List<String>>> documents) {
        return core.predictDocuments(documents, decoding);
    }

    @Override
    public void close() {
        try {
            logits.close();
        } finally {
            model.close();
        }
    }
}
