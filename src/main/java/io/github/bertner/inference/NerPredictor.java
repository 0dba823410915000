package io.github.bertner.inference;

import io.github.bertner.model.DeviceSpec;
import io.github.bertner.model.TokenClassifierModel;
import io.github.bertner.runtime.InferenceRuntime;
import io.github.bertner.runtime.PieceLogits;
import io.github.bertner.tagging.DecodeMode;
import io.github.bertner.tagging.Decoding;
import io.github.bertner.tagging.Span;
import io.github.bertner.tagging.TagCodec;
import io.github.bertner.tagging.TagScheme;
import io.github.bertner.tagging.ViterbiDecoder;
import io.github.bertner.tokenization.Batches;
import io.github.bertner.tokenization.BertWordPieceTokenizer;
import io.github.bertner.tokenization.EncodedBatch;
import io.github.bertner.tokenization.EncodedWindow;
import io.github.bertner.tokenization.LabelAlignment;
import io.github.bertner.tokenization.LabelSet;
import io.github.bertner.tokenization.ScoreType;
import io.github.bertner.tokenization.SequenceEncoder;
import io.github.bertner.tokenization.WordPredictions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tags word sequences with a fine-tuned token classifier: word pieces, windows, batched logits,
 * per-word label distributions, then Viterbi or argmax decoding and entity spans.
 *
 * <p>Everything the model was trained with comes from its folder: labels (config.json id2label),
 * tokenizer (vocab.txt, tokenizer_config.json), and the {@code bertner} settings
 * {@value #TAG_SCHEME_KEY}, {@value #LABEL_ALIGNMENT_KEY}, {@value #MAX_LENGTH_KEY} and
 * {@value #STRIDE_KEY} in config.json. A sequence longer than the window is split into overlapping
 * windows and every word is predicted exactly once, from the window that gives it the most
 * context; nothing is truncated. Word predictions do not depend on which other sequences share a
 * batch: padded positions are masked out of attention and never read.
 *
 * <p>Not thread-safe: use one predictor per thread. Closing it frees the model's native memory.
 */
public final class NerPredictor implements AutoCloseable {

    /** bertner setting: tag scheme of the labels ({@link TagScheme} name); default IOB2. */
    public static final String TAG_SCHEME_KEY = "tag_scheme";
    /** bertner setting: label alignment used in training ({@link LabelAlignment} name); default FIRST. */
    public static final String LABEL_ALIGNMENT_KEY = "label_alignment";
    /** bertner setting: window length in pieces, [CLS] and [SEP] included. */
    public static final String MAX_LENGTH_KEY = "max_length";
    /** bertner setting: most pieces shared by consecutive windows. */
    public static final String STRIDE_KEY = "stride";

    private static final Logger LOG = LoggerFactory.getLogger(NerPredictor.class);

    private final Path modelDir;
    private final TokenClassifierModel model;
    private final PieceLogits logits;
    private final SequenceEncoder encoder;
    private final WordPredictions wordPredictions;
    private final ViterbiDecoder decoder;
    private final TagScheme scheme;
    private final Decoding decoding;
    private final int batchSize;
    private final int padId;

    private NerPredictor(Builder b, TokenClassifierModel model) throws IOException {
        this.modelDir = b.modelDir;
        this.model = model;
        BertWordPieceTokenizer tokenizer = BertWordPieceTokenizer.load(b.modelDir);
        LabelSet labels = LabelSet.of(model.labels());
        this.scheme = TagScheme.parse(setting(model, TAG_SCHEME_KEY).orElse(TagScheme.IOB2.name()));
        LabelAlignment alignment = LabelAlignment.valueOf(
                setting(model, LABEL_ALIGNMENT_KEY).orElse(LabelAlignment.FIRST.name()).trim().toUpperCase(Locale.ROOT));
        int limit = Math.min(tokenizer.settings().modelMaxLength(), model.config().maxPositionEmbeddings());
        int maxLength = b.maxLength > 0 ? b.maxLength
                : setting(model, MAX_LENGTH_KEY).map(v -> parseInt(MAX_LENGTH_KEY, v)).orElse(Math.min(limit, 512));
        if (maxLength > limit) {
            throw new IllegalArgumentException(b.modelDir + ": expected a max length of at most " + limit
                    + " (model_max_length / max_position_embeddings), found " + maxLength);
        }
        // a quarter of the window as overlap gives boundary words context from both sides
        int stride = b.stride >= 0 ? b.stride
                : setting(model, STRIDE_KEY).map(v -> parseInt(STRIDE_KEY, v)).orElse((maxLength - 2) / 4);
        this.encoder = SequenceEncoder.builder().setTokenizer(tokenizer).setLabelSet(labels)
                .setAlignment(alignment).setMaxLength(maxLength).setStride(stride).build();
        this.wordPredictions = new WordPredictions(labels, alignment, ScoreType.LOGITS);
        this.decoder = ViterbiDecoder.of(labels.labels(), scheme);
        this.decoding = b.decoding;
        this.batchSize = b.batchSize;
        this.padId = tokenizer.vocab().padId();
        this.logits = b.runtime.open(model, 0);
        LOG.info("loaded {}: {} labels, scheme {}, alignment {}, max length {}, stride {}, decoding {}, device {}, runtime {}",
                modelDir, labels.size(), scheme, alignment, maxLength, stride, decoding, model.device(), b.runtime);
    }

    private static Optional<String> setting(TokenClassifierModel model, String key) {
        return model.config().bertnerString(key);
    }

    private int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(modelDir + "/config.json: bertner." + key
                    + ": expected an integer, found '" + value + "'", e);
        }
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
        private int batchSize = 32;
        private int maxLength;
        private int stride = -1;
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
         * @param stride most pieces shared by consecutive windows (default: the model's, else a quarter window)
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
            } catch (IOException | RuntimeException e) {
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

    /** @return the tag scheme of the labels */
    public TagScheme scheme() {
        return scheme;
    }

    /** @return the decoding in use */
    public Decoding decoding() {
        return decoding;
    }

    /** @return the word-piece encoder (window length, stride, alignment) */
    public SequenceEncoder encoder() {
        return encoder;
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
     * Predicts several word sequences, batching their windows together (sorted by length, so
     * little padding is computed).
     *
     * @param sentences the word sequences
     * @return one prediction per sequence, in order
     */
    public List<SentencePrediction> predictAll(List<List<String>> sentences) {
        List<List<EncodedWindow>> windows = new ArrayList<>(sentences.size());
        List<float[][][]> scores = new ArrayList<>(sentences.size());
        List<int[]> order = new ArrayList<>();
        for (int s = 0; s < sentences.size(); s++) {
            List<String> words = sentences.get(s);
            List<EncodedWindow> w = encoder.encode(words, syntheticBegins(words), null);
            windows.add(w);
            scores.add(new float[w.size()][][]);
            for (int k = 0; k < w.size(); k++) {
                order.add(new int[] {s, k});
            }
        }
        order.sort(Comparator.comparingInt((int[] sk) -> windows.get(sk[0]).get(sk[1]).length()).reversed());
        for (int from = 0; from < order.size(); from += batchSize) {
            List<int[]> slice = order.subList(from, Math.min(order.size(), from + batchSize));
            List<EncodedWindow> batch = new ArrayList<>(slice.size());
            for (int[] sk : slice) {
                batch.add(windows.get(sk[0]).get(sk[1]));
            }
            EncodedBatch encoded = Batches.collate(batch, padId);
            float[][][] logits = this.logits.logits(encoded.inputIds(), encoded.attentionMask());
            for (int i = 0; i < slice.size(); i++) {
                int[] sk = slice.get(i);
                // keep only the window's own positions: padded rows are never read
                scores.get(sk[0])[sk[1]] = Arrays.copyOf(logits[i], batch.get(i).length());
            }
        }
        List<SentencePrediction> out = new ArrayList<>(sentences.size());
        for (int s = 0; s < sentences.size(); s++) {
            out.add(decodeSentence(sentences.get(s).size(), windows.get(s), scores.get(s)));
        }
        return out;
    }

    private SentencePrediction decodeSentence(int wordCount, List<EncodedWindow> windows, float[][][] scores) {
        if (wordCount == 0) {
            return new SentencePrediction(List.of(), new float[0][], List.of());
        }
        float[][] probabilities = wordPredictions.decode(windows, scores, wordCount);
        int[] ids = decoder.decodeProbabilities(probabilities, decoding);
        List<String> labels = model.labels();
        List<String> tags = new ArrayList<>(wordCount);
        for (int id : ids) {
            tags.add(labels.get(id));
        }
        List<EntityPrediction> entities = new ArrayList<>();
        for (Span span : TagCodec.decode(tags, scheme, DecodeMode.LENIENT).spans()) {
            double sum = 0;
            for (int w = span.start(); w < span.end(); w++) {
                sum += probabilities[w][ids[w]];
            }
            double confidence = Math.min(1.0, Math.max(0.0, sum / (span.end() - span.start())));
            entities.add(new EntityPrediction(span.start(), span.end(), span.type(), confidence));
        }
        return new SentencePrediction(tags, probabilities, entities);
    }

    /** Offsets as if the words were joined by single spaces; windows only carry them along. */
    private static int[] syntheticBegins(List<String> words) {
        int[] begins = new int[words.size()];
        int offset = 0;
        for (int i = 0; i < begins.length; i++) {
            begins[i] = offset;
            offset += words.get(i).length() + 1;
        }
        return begins;
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
