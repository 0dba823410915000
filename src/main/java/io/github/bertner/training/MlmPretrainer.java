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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Masked-language-model pretraining (continued from a Hugging Face BERT folder, or from scratch with
 * a preset and a vocabulary learnt from the text). Lines of raw text are tokenized and packed into
 * sequences of at most {@code maxLength} pieces; each batch is masked with {@link MlmMasker} from
 * (seed, step). The output folder receives a {@code BertForMaskedLM} Hugging Face checkpoint
 * ({@code config.json}, {@code model.safetensors}, {@code vocab.txt}, {@code tokenizer_config.json})
 * that {@code TokenClassifierModel.fromBase} (and {@code bertner train --base}) accepts.
 */
public final class MlmPretrainer {

    private static final Logger LOG = LoggerFactory.getLogger(MlmPretrainer.class);
    private static final long BATCH_STREAM = 0x4D4C4D42L;

    private final Builder b;

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
        Path source = TrainingLoop.resumableModel(config).orElse(b.baseModel);
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
            String tokenizerJson = tokenizer.settings().toJson();
            WordPieceVocab vocab = tokenizer.vocab();
            int[] specials = {vocab.padId(), vocab.unkId(), vocab.clsId(), vocab.sepId()};
            MlmMasker masker = new MlmMasker(vocab.size(), vocab.maskId(), specials, b.maskRate);
            Task task = new Task(model.getNDManager(), block, modelConfig, vocab, tokenizerJson, sequences, masker,
                    b.batchSize, config.seed());
            return new TrainingLoop(config, task, b.listener).run();
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
        private final BertConfig config;
        private final WordPieceVocab vocab;
        private final String tokenizerJson;
        private final List<int[]> sequences;
        private final MlmMasker masker;
        private final int batchSize;
        private final long seed;
        private int cachedEpoch = -1;
        private List<Integer> order;

        Task(NDManager manager, BertForMaskedLM block, BertConfig config, WordPieceVocab vocab, String tokenizerJson,
             List<int[]> sequences, MlmMasker masker, int batchSize, long seed) {
            this.manager = manager;
            this.block = block;
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
            block.hfParameters().forEach((k, v) -> l.add(new Pair<>(k, v)));
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
         * @return the pretrainer
         */
        public MlmPretrainer build() {
            requireConfig();
            if (lines.isEmpty()) {
                throw new IllegalArgumentException("no text to pretrain on");
            }
            return new MlmPretrainer(this);
        }
    }
}
