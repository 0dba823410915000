package io.github.bertner.training;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.bertner.compare.Transliteration;
import io.github.bertner.model.BertKeys;
import io.github.bertner.model.BertConfig;
import io.github.bertner.model.BertForMaskedLM;
import io.github.bertner.model.HeadPolicy;
import io.github.bertner.model.HfCheckpoint;
import io.github.bertner.tokenization.BertWordPieceTokenizer;
import io.github.bertner.tokenization.Piece;
import io.github.bertner.tokenization.WordPieceVocab;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Masked-language-model pretraining (continued from a Hugging Face BERT folder, or from scratch with
 * a preset and a vocabulary learnt from the text). Lines of raw text are tokenized and packed into
 * sequences of at most {@code maxLength} pieces; each batch is masked with {@link MlmMasker} from
 * (seed, step). The output folder receives a {@code BertForMaskedLM} Hugging Face checkpoint
 * ({@code config.json}, {@code model.safetensors}, {@code vocab.txt}, {@code tokenizer_config.json})
 * that {@code TokenClassifierModel.fromBase} (and {@code bertner train --base}) accepts, and a
 * {@code provenance.json} (settings, text files with sha256, versions, and the sections below).
 *
 * <p>With {@link Builder#optNewVocabulary} the base first gets a new vocabulary through
 * {@link VocabularyTransfer} (Artetxe et al., 2020); with {@link Builder#optFreezeBody} only the word embeddings
 * and the MLM head are trained, every other tensor keeping the base's value bit for bit. Together they are the
 * first stage of that recipe: new-language embeddings learnt under a frozen English body.
 */
public final class MlmPretrainer {

    private static final Logger LOG = LoggerFactory.getLogger(MlmPretrainer.class);
    private static final long BATCH_STREAM = 0x4D4C4D42L;
    private static final String WORD_EMBEDDINGS = BertKeys.WORD_EMBEDDINGS;
    /** Folder inside the output folder that receives the transferred model a run with a new vocabulary starts from. */
    public static final String TRANSFER_DIR = "vocab-transfer";

    private final Builder b;
    private VocabularyTransfer.Report transferReport;

    private MlmPretrainer(Builder b) {
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
     * Pretrains and writes the checkpoint to the output folder.
     *
     * @return the final state
     * @throws IOException on read or write failure
     */
    public TrainerState train() throws IOException {
        TrainingConfig config = b.config;
        Path resumable = TrainingLoop.resumableModel(config).orElse(null);
        Map<String, Object> transferProvenance = null;
        Path start = b.baseModel;
        if (b.newVocabulary != null) {
            // deterministic and cheap next to training, so it is redone on resume, which also records it again
            Path transferDir = config.outputDir().resolve(TRANSFER_DIR);
            VocabularyTransfer.Report report = VocabularyTransfer.builder().setBase(b.baseModel)
                    .setVocabulary(b.newVocabulary).optTransliteration(b.transliteration).optSeed(config.seed())
                    .build().write(transferDir);
            transferReport = report;
            transferProvenance = VocabularyTransfer.provenance(report);
            start = transferDir;
            if (resumable != null) {
                requireSameVocabulary(resumable, transferDir);
            }
        }
        Path source = resumable != null ? resumable : start;
        BertWordPieceTokenizer tokenizer;
        BertConfig modelConfig;
        if (source != null) {
            tokenizer = BertWordPieceTokenizer.load(source);
            modelConfig = HfCheckpoint.readConfig(source);
        } else {
            WordPieceVocab vocab = b.learnVocabulary(b.lines.stream());
            tokenizer = new BertWordPieceTokenizer(vocab, b.tokenizerSettings);
            modelConfig = b.scratchConfig(vocab.size());
        }
        int maxLength = Math.min(b.maxLength, modelConfig.maxPositionEmbeddings());
        List<int[]> sequences = pack(tokenizer, b.lines, maxLength);
        LOG.info("MLM pretraining on {} lines packed into {} sequences of at most {} pieces", b.lines.size(),
                sequences.size(), maxLength);
        try (Model model = Model.newInstance("bertner-mlm", b.device, "PyTorch")) {
            BertForMaskedLM block = new BertForMaskedLM(modelConfig, config.seed());
            model.setBlock(block);
            if (source != null) {
                HfCheckpoint.loadWeights(source, block, HeadPolicy.LOAD_IF_PRESENT, model.getNDManager());
            }
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1));
            Set<String> trainable = trainableParameters(block, b.freezeBody);
            String tokenizerJson = tokenizer.settings().toJson();
            WordPieceVocab vocab = tokenizer.vocab();
            int[] specials = {vocab.padId(), vocab.unkId(), vocab.clsId(), vocab.sepId()};
            MlmMasker masker = new MlmMasker(vocab.size(), vocab.maskId(), specials, b.maskRate);
            Task task = new Task(model.getNDManager(), block, trainable, modelConfig, vocab, tokenizerJson, sequences,
                    masker, b.batchSize, config.seed());
            TrainerState state = new TrainingLoop(config, task, b.listener).run();
            writeProvenance(tokenizer.settings(), state, trainable, block, transferProvenance);
            return state;
        }
    }

    /**
     * What the vocabulary transfer of the last {@link #train()} did.
     *
     * @return the report, or empty when no new vocabulary was given (or {@code train} has not run)
     */
    public java.util.Optional<VocabularyTransfer.Report> transferReport() {
        return java.util.Optional.ofNullable(transferReport);
    }

    /**
     * The parameters a run updates, frozen ones marked so that no gradient is computed for them: all, or with
     * {@code freezeBody} only the word embeddings (which the MLM decoder is tied to) and the MLM head.
     *
     * @param block      the initialised model
     * @param freezeBody whether the body stays as loaded
     * @return the HF names of the trainable parameters
     */
    static Set<String> trainableParameters(BertForMaskedLM block, boolean freezeBody) {
        Map<String, Parameter> all = block.hfParameters();
        if (!freezeBody) {
            return new LinkedHashSet<>(all.keySet());
        }
        Set<String> trainable = new LinkedHashSet<>();
        trainable.add(block.bertPrefix() + WORD_EMBEDDINGS);
        trainable.addAll(block.headParameterNames());
        all.forEach((name, p) -> p.freeze(!trainable.contains(name)));
        LOG.info("body frozen: training {} of {} parameter tensors ({}), {} kept as loaded", trainable.size(),
                all.size(), trainable, all.size() - trainable.size());
        return trainable;
    }

    private static void requireSameVocabulary(Path checkpoint, Path transferred) throws IOException {
        List<String> had = Files.readAllLines(checkpoint.resolve(HfCheckpoint.VOCAB_FILE), StandardCharsets.UTF_8);
        List<String> now = Files.readAllLines(transferred.resolve(HfCheckpoint.VOCAB_FILE), StandardCharsets.UTF_8);
        if (!had.equals(now)) {
            throw new IOException(checkpoint + ": the checkpoint's vocabulary (" + had.size()
                    + " entries) is not the new vocabulary being resumed with (" + now.size()
                    + " entries); resume with the --new-vocab of the interrupted run");
        }
    }

    private void writeProvenance(io.github.bertner.tokenization.TokenizerSettings tokenizer, TrainerState state,
                                 Set<String> trainable, BertForMaskedLM block, Map<String, Object> transfer)
            throws IOException {
        Path out = b.config.outputDir();
        TrainingProvenance.writePretraining(out, tokenizer, b.config, Map.of("text", b.corpusFiles), state);
        Map<String, Object> mlm = new LinkedHashMap<>();
        mlm.put("base", b.baseModel == null ? null : b.baseModel.toAbsolutePath().normalize().toString());
        mlm.put("mask_rate", b.maskRate);
        mlm.put("max_length", b.maxLength);
        mlm.put("batch_size", b.batchSize);
        mlm.put("freeze_body", b.freezeBody);
        mlm.put("trainable_parameters", List.copyOf(trainable));
        mlm.put("frozen_parameters", block.hfParameters().size() - trainable.size());
        TrainingProvenance.addSection(out, "mlm_pretraining", mlm);
        if (transfer != null) {
            TrainingProvenance.addSection(out, VocabularyTransfer.PROVENANCE_SECTION, transfer);
        }
    }

    /**
     * Tokenizes lines and packs consecutive lines into sequences {@code [CLS] pieces [SEP]} of at most
     * {@code maxLength} positions (a line longer than that is cut into several sequences).
     *
     * @param tokenizer the tokenizer
     * @param lines     raw text lines
     * @param maxLength sequence length including [CLS] and [SEP]
     * @return the packed sequences
     */
    static List<int[]> pack(BertWordPieceTokenizer tokenizer, List<String> lines, int maxLength) {
        int room = maxLength - 2;
        WordPieceVocab vocab = tokenizer.vocab();
        List<int[]> out = new ArrayList<>();
        int[] buf = new int[room];
        int n = 0;
        for (String line : lines) {
            List<String> words = Arrays.asList(line.trim().split("\\s+"));
            if (words.isEmpty() || words.get(0).isEmpty()) {
                continue;
            }
            int[] begins = new int[words.size()];
            int pos = 0;
            for (int i = 0; i < begins.length; i++) {
                begins[i] = pos;
                pos += words.get(i).length() + 1;
            }
            List<Piece> pieces = tokenizer.tokenizeWords(words, begins);
            if (n > 0 && n + pieces.size() > room) {
                out.add(seq(vocab, buf, n));
                n = 0;
            }
            for (Piece p : pieces) {
                if (n == room) {
                    out.add(seq(vocab, buf, n));
                    n = 0;
                }
                buf[n++] = p.id();
            }
        }
        if (n > 0) {
            out.add(seq(vocab, buf, n));
        }
        return out;
    }

    private static int[] seq(WordPieceVocab vocab, int[] buf, int n) {
        int[] s = new int[n + 2];
        s[0] = vocab.clsId();
        System.arraycopy(buf, 0, s, 1, n);
        s[n + 1] = vocab.sepId();
        return s;
    }

    private static final class Task implements TrainingTask {
        private final NDManager manager;
        private final BertForMaskedLM block;
        private final Set<String> trainable;
        private final BertConfig config;
        private final WordPieceVocab vocab;
        private final String tokenizerJson;
        private final List<int[]> sequences;
        private final MlmMasker masker;
        private final int batchSize;
        private final long seed;
        private int cachedEpoch = -1;
        private List<Integer> order;

        Task(NDManager manager, BertForMaskedLM block, Set<String> trainable, BertConfig config, WordPieceVocab vocab,
             String tokenizerJson, List<int[]> sequences, MlmMasker masker, int batchSize, long seed) {
            this.manager = manager;
            this.block = block;
            this.trainable = trainable;
            this.config = config;
            this.vocab = vocab;
            this.tokenizerJson = tokenizerJson;
            this.sequences = sequences;
            this.masker = masker;
            this.batchSize = batchSize;
            this.seed = seed;
        }

        @Override
        public List<Pair<String, Parameter>> parameters() {
            List<Pair<String, Parameter>> l = new ArrayList<>();
            // frozen parameters are left out, so the optimizer neither updates them nor holds state for them
            block.hfParameters().forEach((k, v) -> {
                if (trainable.contains(k)) {
                    l.add(new Pair<>(k, v));
                }
            });
            return l;
        }

        @Override
        public NDManager manager() {
            return manager;
        }

        @Override
        public int batchesPerEpoch() {
            return (sequences.size() + batchSize - 1) / batchSize;
        }

        @Override
        public BatchLoss loss(NDManager bm, int epoch, int batch, long step) {
            if (epoch != cachedEpoch) {
                List<Integer> idx = new ArrayList<>();
                for (int i = 0; i < sequences.size(); i++) {
                    idx.add(i);
                }
                Collections.shuffle(idx, new Random(Seeds.mix(seed, BATCH_STREAM, epoch)));
                order = idx;
                cachedEpoch = epoch;
            }
            List<Integer> rows = order.subList(batch * batchSize, Math.min(order.size(), (batch + 1) * batchSize));
            int len = 0;
            for (int r : rows) {
                len = Math.max(len, sequences.get(r).length);
            }
            int[][] ids = new int[rows.size()][len];
            int[][] att = new int[rows.size()][len];
            for (int i = 0; i < rows.size(); i++) {
                int[] s = sequences.get(rows.get(i));
                Arrays.fill(ids[i], vocab.padId());
                System.arraycopy(s, 0, ids[i], 0, s.length);
                Arrays.fill(att[i], 0, s.length, 1);
            }
            MlmMasker.Masked m = masker.mask(ids, att, seed, step);
            Shape shape = new Shape(rows.size(), len);
            NDArray in = bm.create(NerTrainingTask.toLong(m.inputIds()), shape);
            NDArray mask = bm.create(NerTrainingTask.toLong(att), shape);
            NDArray logits = block.forward(new ParameterStore(bm, false), new NDList(in, mask), true).singletonOrThrow();
            int[] flat = new int[rows.size() * len];
            for (int i = 0; i < rows.size(); i++) {
                System.arraycopy(m.labels()[i], 0, flat, i * len, len);
            }
            return new BatchLoss(MaskedCrossEntropy.loss(logits, bm.create(flat, shape)), m.selected());
        }

        @Override
        public Evaluation evaluate(int epoch, Path reportDir) {
            return null;
        }

        @Override
        public void saveModel(Path dir) throws IOException {
            HfCheckpoint.save(dir, block, config, vocab.tokens(), tokenizerJson);
        }

        @Override
        public void loadWeights(Path dir) throws IOException {
            HfCheckpoint.loadWeights(dir, block, HeadPolicy.REQUIRE, manager);
        }
    }

    /** Builder of {@link MlmPretrainer}; the options shared with fine-tuning are in {@link TrainerBuilder}. */
    public static final class Builder extends TrainerBuilder<Builder> {
        private List<String> lines = List.of();
        private double maskRate = 0.15;
        private boolean freezeBody;
        private Path newVocabulary;
        private Transliteration transliteration = Transliteration.BGN_PCGN;
        private List<Path> corpusFiles = List.of();

        private Builder() {
        }

        /**
         * @param text raw text lines (see {@link RawTextCorpus})
         * @return this builder
         */
        public Builder setText(List<String> text) {
            lines = List.copyOf(text);
            return this;
        }

        /**
         * @param r masking rate (default 0.15)
         * @return this builder
         */
        public Builder optMaskRate(double r) {
            maskRate = r;
            return this;
        }

        /**
         * Trains only the word embeddings and the MLM head (a base without one gets a fresh seeded head): every
         * other parameter keeps the base's value bit for bit, no gradient is computed for it and the optimizer
         * holds no state for it. Needs a base model.
         *
         * @param freeze whether to freeze the body (default false)
         * @return this builder
         */
        public Builder optFreezeBody(boolean freeze) {
            freezeBody = freeze;
            return this;
        }

        /**
         * Replaces the base's vocabulary by a new one first ({@link VocabularyTransfer}, written to
         * {@code <out>/}{@value MlmPretrainer#TRANSFER_DIR}); the output then has the new vocabulary and its tokenizer settings.
         * Needs a base model.
         *
         * @param vocabularyDir folder with vocab.txt and tokenizer_config.json, as {@code bertner vocab} writes it
         * @return this builder
         */
        public Builder optNewVocabulary(Path vocabularyDir) {
            newVocabulary = vocabularyDir;
            return this;
        }

        /**
         * @param t romanization of new vocabulary entries for their initial rows (default
         *          {@link Transliteration#BGN_PCGN})
         * @return this builder
         */
        public Builder optTransliteration(Transliteration t) {
            transliteration = Objects.requireNonNull(t, "transliteration");
            return this;
        }

        /**
         * Names the text files or folders the lines came from, for provenance.json (with their sha256).
         *
         * @param files files or folders
         * @return this builder
         */
        public Builder optCorpusFiles(List<Path> files) {
            corpusFiles = List.copyOf(files);
            return this;
        }

        /**
         * @return the pretrainer
         * @throws IllegalArgumentException when there is no text, or the body is frozen or the vocabulary replaced
         *                                  without a base model
         */
        public MlmPretrainer build() {
            requireConfig();
            if (lines.isEmpty()) {
                throw new IllegalArgumentException("no text to pretrain on");
            }
            if ((freezeBody || newVocabulary != null) && baseModel == null) {
                throw new IllegalArgumentException("expected a base model to " + (newVocabulary != null
                        ? "transfer to a new vocabulary" : "freeze the body of") + ", found none");
            }
            return new MlmPretrainer(this);
        }
    }
}
