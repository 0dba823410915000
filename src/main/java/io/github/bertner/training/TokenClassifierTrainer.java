package io.github.bertner.training;

import io.github.bertner.model.BertConfig;
import io.github.bertner.model.ModelSettings;
import io.github.bertner.model.SequenceContext;
import io.github.bertner.model.TokenClassifierModel;
import io.github.bertner.tagging.TagScheme;
import io.github.bertner.tokenization.LabelAlignment;
import io.github.bertner.tokenization.LabelSet;
import io.github.bertner.tokenization.SequenceEncoder;
import io.github.bertner.tokenization.WordPieceVocab;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Path ckptModel = TrainingLoop.resumableModel(config).orElse(null);
        boolean resuming = ckptModel != null;
        try (TokenClassifierModel model = resuming ? TokenClassifierModel.load(ckptModel, b.device) : newModel()) {
            if (model.tokenizerConfig().isEmpty()) {
                // a base folder without tokenizer_config.json: the model is saved with the chosen settings
                model.setTokenizerConfig(b.tokenizerSettings.toJson());
            }
            ModelSettings settings = settingsFor(model, resuming ? ckptModel.toString()
                    : b.baseModel != null ? b.baseModel.toString() : "new model");
            settings.writeTo(model);
            LabelSet labels = LabelSet.of(model.labels());
            SequenceEncoder encoder = settings.encoder(settings.tokenizerFor(model), labels);
            NerTrainingTask task = new NerTrainingTask(model, settings, encoder, b.train, b.dev, b.batchSize,
                    b.maxBatchTokens, config.seed());
            LOG.info("training on {} sentences ({} windows, {} batches per epoch), {} dev sentences, {} labels, {}",
                    b.train.size(), task.trainWindowCount(), task.batchesPerEpoch(), b.dev.size(), labels.size(),
                    settings.describe());
            TrainerState state = new TrainingLoop(config, task, b.listener).run();
            TrainingProvenance.write(config.outputDir(), settings, config, b.corpusFiles, state);
            return state;
        }
    }

    /** The settings saved with the model: this run's options over what the model (or its tokenizer) allows. */
    private ModelSettings settingsFor(TokenClassifierModel model, String source) {
        ModelSettings read = ModelSettings.read(model, source);
        int maxLength = Math.min(Math.min(b.maxLength, model.config().maxPositionEmbeddings()),
                read.tokenizer().modelMaxLength());
        int stride = b.stride >= 0 ? b.stride : ModelSettings.defaultStride(maxLength);
        return read.withLabels(b.scheme, b.alignment).withWindow(maxLength, stride).withContext(b.context);
    }

    private TokenClassifierModel newModel() throws IOException {
        List<String> allTags = new ArrayList<>();
        for (LabeledSentence s : b.train) {
            allTags.addAll(s.tags(b.scheme));
        }
        List<String> labels = LabelSet.fromTags(allTags, b.alignment).labels();
        if (b.baseModel != null && b.keepHead) {
            TokenClassifierModel m = TokenClassifierModel.load(b.baseModel, b.device);
            // the head's label order is the model's; the training data need only use labels it knows
            List<String> missing = labels.stream().filter(l -> !m.labels().contains(l)).toList();
            if (!missing.isEmpty()) {
                List<String> found = m.labels();
                m.close();
                throw new IllegalArgumentException(b.baseModel + ": keeping its classification head needs every "
                        + "training label among its labels " + found + ", found also " + missing);
            }
            LOG.info("continuing fine-tuned model {} with its classification head", b.baseModel);
            return m;
        }
        if (b.baseModel != null) {
            LOG.info("fine-tuning base model {}", b.baseModel);
            return TokenClassifierModel.fromBase(b.baseModel, labels, b.device, b.config.seed());
        }
        WordPieceVocab vocab = b.vocabulary != null ? b.vocabulary
                : b.learnVocabulary(Stream.concat(b.train.stream().map(s -> String.join(" ", s.words())),
                        b.vocabText.stream()));
        BertConfig config = b.scratchConfig(vocab.size());
        LOG.info("training from scratch: preset {}, vocabulary {}, hidden {}, layers {}", b.architectureName(),
                vocab.size(), config.hiddenSize(), config.numHiddenLayers());
        TokenClassifierModel model = TokenClassifierModel.create(config, labels, b.device, b.config.seed());
        model.setVocabulary(vocab.tokens());
        model.setTokenizerConfig(b.tokenizerSettings.toJson());
        return model;
    }

    /** Builder of {@link TokenClassifierTrainer}; the options shared with MLM pretraining are in {@link TrainerBuilder}. */
    public static final class Builder extends TrainerBuilder<Builder> {
        private List<LabeledSentence> train = List.of();
        private List<LabeledSentence> dev = List.of();
        private WordPieceVocab vocabulary;
        private List<String> vocabText = List.of();
        private TagScheme scheme = TagScheme.IOB2;
        private LabelAlignment alignment = LabelAlignment.FIRST;
        private SequenceContext context = SequenceContext.SENTENCE;
        private int stride = -1;
        private int maxBatchTokens = 4096;
        private boolean keepHead;
        private final Map<String, List<Path>> corpusFiles = new LinkedHashMap<>();

        private Builder() {
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
         * @param v vocabulary for training from scratch instead of learning one
         * @return this builder
         */
        public Builder optVocabulary(WordPieceVocab v) {
            vocabulary = v;
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
         * @param c what one training sequence is, saved for the tagger (default SENTENCE); with DOCUMENT the
         *          caller passes one {@link LabeledSentence} per document
         * @return this builder
         */
        public Builder optContext(SequenceContext c) {
            context = c;
            return this;
        }

        /**
         * @param n overlap between windows of long sequences in pieces (default {@link ModelSettings#defaultStride})
         * @return this builder
         */
        public Builder optStride(int n) {
            stride = n;
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
         * @param keep continue a fine-tuned base model with its own classification head instead of a fresh one;
         *             its labels must equal those of the training data (default false)
         * @return this builder
         */
        public Builder optKeepHead(boolean keep) {
            keepHead = keep;
            return this;
        }

        /**
         * Names the corpus files the sentences came from, for provenance.json (with their sha256).
         *
         * @param role  train, dev or test
         * @param files the files
         * @return this builder
         */
        public Builder optCorpusFiles(String role, List<Path> files) {
            corpusFiles.put(role, List.copyOf(files));
            return this;
        }

        /**
         * @return the trainer
         */
        public TokenClassifierTrainer build() {
            requireConfig();
            if (train.isEmpty()) {
                throw new IllegalArgumentException("no training sentences");
            }
            return new TokenClassifierTrainer(this);
        }
    }
}
