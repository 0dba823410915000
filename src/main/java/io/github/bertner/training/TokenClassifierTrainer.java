package io.github.bertner.training;

import ai.djl.Device;
import io.github.bertner.model.BertConfig;
import io.github.bertner.model.TokenClassifierModel;
import io.github.bertner.tagging.TagScheme;
import io.github.bertner.tokenization.BertWordPieceTokenizer;
import io.github.bertner.tokenization.ContextMode;
import io.github.bertner.tokenization.LabelAlignment;
import io.github.bertner.tokenization.LabelSet;
import io.github.bertner.tokenization.SequenceEncoder;
import io.github.bertner.tokenization.TokenizerSettings;
import io.github.bertner.tokenization.VocabBuilder;
import io.github.bertner.tokenization.WordPieceVocab;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Fine-tunes a BERT token classifier for NER, either on top of a pretrained Hugging Face BERT folder
 * ({@link Builder#optBaseModel(Path)}) or from scratch with a size preset and a WordPiece vocabulary
 * learnt from the training words plus optional extra text. The output folder then holds the best
 * model (a Hugging Face folder with labels, tag scheme and label alignment in {@code config.json},
 * {@code vocab.txt} and {@code tokenizer_config.json}) that {@link TokenClassifierModel#load} and the
 * tagger accept, plus dev reports and the resumable checkpoint (see {@link TrainingLoop}).
 */
public final class TokenClassifierTrainer {

    /** Key of the tag scheme in the config's {@code bertner} settings. */
    public static final String TAG_SCHEME_KEY = "tag_scheme";
    /** Key of the label alignment in the config's {@code bertner} settings. */
    public static final String LABEL_ALIGNMENT_KEY = "label_alignment";
    /** Key of the window length in the config's {@code bertner} settings. */
    public static final String MAX_LENGTH_KEY = "max_length";
    /** Key of the window overlap in the config's {@code bertner} settings. */
    public static final String STRIDE_KEY = "stride";
    /** Key of the {@link ContextMode} in the config's {@code bertner} settings. */
    public static final String CONTEXT_KEY = "context";

    private static final Logger LOG = LoggerFactory.getLogger(TokenClassifierTrainer.class);

    private final Builder b;

    private TokenClassifierTrainer(Builder b) {
        this.b = b;
    }

    /**
     * Starts a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains to the end and leaves the best model in the output folder.
     *
     * @return the final state (best dev score and epoch, per-epoch history)
     * @throws IOException when a model folder cannot be read or the output cannot be written
     */
    public TrainerState train() throws IOException {
        TrainingConfig config = b.config;
        Path ckptModel = config.outputDir().resolve(TrainingLoop.CHECKPOINT_DIR).resolve("model");
        boolean resuming = config.resume() && Files.exists(ckptModel.resolve("config.json"));
        try (TokenClassifierModel model = resuming ? TokenClassifierModel.load(ckptModel, b.device) : newModel()) {
            BertWordPieceTokenizer tokenizer = resuming ? BertWordPieceTokenizer.load(ckptModel) : tokenizerFor(model);
            LabelSet labels = LabelSet.of(model.labels());
            int maxLength = Math.min(b.maxLength, model.config().maxPositionEmbeddings());
            int stride = Math.min(b.stride, maxLength / 4);
            SequenceEncoder encoder = SequenceEncoder.builder().setTokenizer(tokenizer).setLabelSet(labels)
                    .setAlignment(b.alignment).setMaxLength(maxLength).setStride(stride).build();
            model.putBertnerSetting(TAG_SCHEME_KEY, b.scheme.name());
            model.putBertnerSetting(LABEL_ALIGNMENT_KEY, b.alignment.name());
            model.putBertnerSetting(MAX_LENGTH_KEY, Integer.toString(maxLength));
            // the predictor must window exactly as training did
            model.putBertnerSetting(STRIDE_KEY, Integer.toString(stride));
            model.putBertnerSetting(CONTEXT_KEY, b.context.name());
            List<LabeledSentence> train = b.context == ContextMode.DOCUMENT ? LabeledSentence.joinDocuments(b.train) : b.train;
            List<LabeledSentence> dev = b.context == ContextMode.DOCUMENT ? LabeledSentence.joinDocuments(b.dev) : b.dev;
            NerTrainingTask task = new NerTrainingTask(model, encoder, b.scheme, train, dev, b.batchSize,
                    b.maxBatchTokens, config.seed());
            LOG.info("training on {} sentences ({} windows, {} batches per epoch), {} dev sentences, {} labels",
                    b.train.size(), task.trainWindowCount(), task.batchesPerEpoch(), b.dev.size(), labels.size());
            LOG.info("context {}: {} training sequences, window {}, stride {}", b.context, train.size(), maxLength, stride);
            return new TrainingLoop(config, task, b.listener).run();
        }
    }

    private TokenClassifierModel newModel() throws IOException {
        List<String> allTags = new ArrayList<>();
        for (LabeledSentence s : b.train) {
            allTags.addAll(s.tags(b.scheme));
        }
        List<String> labels = LabelSet.fromTags(allTags, b.alignment).labels();
        if (b.baseModel != null) {
            LOG.info("fine-tuning base model {}", b.baseModel);
            return TokenClassifierModel.fromBase(b.baseModel, labels, b.device, b.config.seed());
        }
        WordPieceVocab vocab = b.vocabulary != null ? b.vocabulary : learnVocabulary();
        BertConfig config = b.modelConfig != null ? b.modelConfig.toBuilder().setVocabSize(vocab.size()).build()
                : BertConfig.preset(b.preset, vocab.size());
        LOG.info("training from scratch: preset {}, vocabulary {}, hidden {}, layers {}",
                b.modelConfig != null ? "custom" : b.preset, vocab.size(), config.hiddenSize(), config.numHiddenLayers());
        TokenClassifierModel model = TokenClassifierModel.create(config, labels, b.device, b.config.seed());
        model.setVocabulary(vocab.tokens());
        model.setTokenizerConfig(tokenizerConfigJson(b.tokenizerSettings));
        return model;
    }

    private WordPieceVocab learnVocabulary() {
        Stream<String> trainLines = b.train.stream().map(s -> String.join(" ", s.words()));
        Stream<String> lines = Stream.concat(trainLines, b.vocabText.stream());
        return VocabBuilder.builder().setVocabSize(b.vocabSize).optSettings(b.tokenizerSettings).build().train(lines);
    }

    private BertWordPieceTokenizer tokenizerFor(TokenClassifierModel model) throws IOException {
        if (model.tokenizerConfig().isEmpty()) {
            model.setTokenizerConfig(tokenizerConfigJson(b.tokenizerSettings));
        }
        return ModelEvaluation.tokenizer(model);
    }

    static String tokenizerConfigJson(TokenizerSettings settings) throws IOException {
        Path tmp = Files.createTempFile("bertner-tokenizer", ".json");
        try {
            settings.write(tmp);
            return Files.readString(tmp, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Builder of {@link TokenClassifierTrainer}. */
    public static final class Builder {
        private TrainingConfig config;
        private List<LabeledSentence> train = List.of();
        private List<LabeledSentence> dev = List.of();
        private Path baseModel;
        private String preset = "mini";
        private BertConfig modelConfig;
        private WordPieceVocab vocabulary;
        private int vocabSize = 8000;
        private List<String> vocabText = List.of();
        private TokenizerSettings tokenizerSettings = TokenizerSettings.cased();
        private TagScheme scheme = TagScheme.IOB2;
        private LabelAlignment alignment = LabelAlignment.FIRST;
        private int maxLength = 128;
        private int stride = 32;
        private ContextMode context = ContextMode.SENTENCE;
        private int batchSize = 32;
        private int maxBatchTokens = 4096;
        private Device device = Device.cpu();
        private ProgressListener listener = new ProgressListener() { };

        private Builder() {
        }

        /**
         * @param c optimisation settings and output folder
         * @return this builder
         */
        public Builder setConfig(TrainingConfig c) {
            config = c;
            return this;
        }

        /**
         * @param sentences training sentences
         * @return this builder
         */
        public Builder setTrainData(List<LabeledSentence> sentences) {
            train = List.copyOf(sentences);
            return this;
        }

        /**
         * @param sentences dev sentences for per-epoch evaluation and early stopping
         * @return this builder
         */
        public Builder optDevData(List<LabeledSentence> sentences) {
            dev = List.copyOf(sentences);
            return this;
        }

        /**
         * @param dir pretrained Hugging Face BERT folder (config.json, model.safetensors, vocab.txt)
         * @return this builder
         */
        public Builder optBaseModel(Path dir) {
            baseModel = dir;
            return this;
        }

        /**
         * @param name size preset for training from scratch: tiny, mini, small or base
         * @return this builder
         */
        public Builder optPreset(String name) {
            preset = name;
            return this;
        }

        /**
         * @param c explicit architecture for training from scratch (its vocabulary size is replaced)
         * @return this builder
         */
        public Builder optModelConfig(BertConfig c) {
            modelConfig = c;
            return this;
        }

        /**
         * @param v vocabulary for training from scratch instead of learning one
         * @return this builder
         */
        public Builder optVocabulary(WordPieceVocab v) {
            vocabulary = v;
            return this;
        }

        /**
         * @param size size of the vocabulary learnt for training from scratch
         * @return this builder
         */
        public Builder optVocabSize(int size) {
            vocabSize = size;
            return this;
        }

        /**
         * @param lines extra unlabelled text for learning the vocabulary
         * @return this builder
         */
        public Builder optVocabText(List<String> lines) {
            vocabText = List.copyOf(lines);
            return this;
        }

        /**
         * @param s tokenizer settings of a from-scratch model (default cased)
         * @return this builder
         */
        public Builder optTokenizerSettings(TokenizerSettings s) {
            tokenizerSettings = s;
            return this;
        }

        /**
         * @param s tag scheme the model predicts (default IOB2)
         * @return this builder
         */
        public Builder optTagScheme(TagScheme s) {
            scheme = s;
            return this;
        }

        /**
         * @param a how word tags map onto pieces (default FIRST)
         * @return this builder
         */
        public Builder optLabelAlignment(LabelAlignment a) {
            alignment = a;
            return this;
        }

        /**
         * @param n window length in pieces including [CLS] and [SEP] (default 128)
         * @return this builder
         */
        public Builder optMaxLength(int n) {
            maxLength = n;
            return this;
        }

        /**
         * @param c one sequence per sentence (default) or per document
         * @return this builder
         */
        public Builder optContext(ContextMode c) {
            context = Objects.requireNonNull(c, "context");
            return this;
        }

        /**
         * @param n overlap between windows of long sequences in pieces (default 32, capped at a quarter window)
         * @return this builder
         */
        public Builder optStride(int n) {
            stride = n;
            return this;
        }

        /**
         * @param n windows per batch (default 32)
         * @return this builder
         */
        public Builder optBatchSize(int n) {
            batchSize = n;
            return this;
        }

        /**
         * @param n padded positions per batch at most (default 4096)
         * @return this builder
         */
        public Builder optMaxBatchTokens(int n) {
            maxBatchTokens = n;
            return this;
        }

        /**
         * @param d device to train on (default CPU)
         * @return this builder
         */
        public Builder optDevice(Device d) {
            device = d;
            return this;
        }

        /**
         * @param l progress receiver
         * @return this builder
         */
        public Builder optListener(ProgressListener l) {
            listener = l;
            return this;
        }

        /**
         * @return the trainer
         */
        public TokenClassifierTrainer build() {
            Objects.requireNonNull(config, "config");
            if (train.isEmpty()) {
                throw new IllegalArgumentException("no training sentences");
            }
            return new TokenClassifierTrainer(this);
        }
    }
}
