package io.github.bertner.training;

import ai.djl.Device;
import io.github.bertner.model.ModelSettings;
import io.github.bertner.model.TokenClassifierModel;
import io.github.bertner.tokenization.Batches;
import io.github.bertner.tokenization.EncodedBatch;
import io.github.bertner.tokenization.EncodedWindow;
import io.github.bertner.tokenization.LabelSet;
import io.github.bertner.tokenization.SequenceEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Distils a fine-tuned BERT token classifier (the teacher) into a smaller student.
 *
 * <ol>
 *   <li>The student is the teacher with only some of its encoder layers, or another pretrained encoder that shares
 *       the teacher's vocabulary, with a fresh head ({@link StudentInit}).</li>
 *   <li>The teacher's logits at the first piece of every word are computed once, over the gold training text
 *       and optional unlabelled documents, and cached in the stage folder so a resumed run does not redo them.</li>
 *   <li>Stage 1: the student learns {@code (1 - goldWeight) * T^2 KL + goldWeight * CE(gold)}
 *       ({@link DistillationLoss}); unlabelled windows carry only the KL term.</li>
 *   <li>Stage 2 (when {@code goldEpochs > 0}): the best stage-1 student, head kept, is fine-tuned on gold
 *       labels alone with the ordinary trainer.</li>
 * </ol>
 * The student keeps the teacher's tokenizer, labels, scheme, window, stride and context, so it is tagged
 * exactly like the teacher. Both stages use {@link TrainingLoop}: dev evaluation per epoch, best model kept,
 * resumable checkpoints.
 */
public final class Distiller {

    private static final Logger LOG = LoggerFactory.getLogger(Distiller.class);
    /** Folder of stage 1 inside the output folder when a gold stage follows. */
    public static final String DISTILL_STAGE_DIR = "distill-stage";
    private static final String TEACHER_CACHE = "teacher-logits.bin";
    private static final int CACHE_MAGIC = 0x54454143;

    private final Builder b;

    private Distiller(Builder b) {
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
     * The outcome of both stages.
     *
     * @param distill stage 1's final state
     * @param gold    stage 2's final state, or null when there was no gold stage
     * @param layers  the teacher layers the student started from; empty when it started from {@code studentBase}
     * @param studentBase the pretrained model the student started from, or null when it was cut from the teacher
     */
    public record Result(TrainerState distill, TrainerState gold, int[] layers, Path studentBase) {
    }

    /**
     * Runs both stages; the final model is in the configured output folder.
     *
     * @return the states of both stages
     * @throws IOException when the teacher cannot be read or the output cannot be written
     */
    public Result distill() throws IOException {
        Path out = b.config.outputDir();
        Path stageDir = b.goldEpochs > 0 ? out.resolve(DISTILL_STAGE_DIR) : out;
        TrainingConfig c1 = b.config.withOutputDir(stageDir);
        int teacherLayers = io.github.bertner.model.HfCheckpoint.readConfig(b.teacher).numHiddenLayers();
        int[] layers = b.studentBase != null ? new int[0]
                : b.layers != null ? b.layers.clone() : StudentInit.evenlySpread(teacherLayers, b.numLayers);
        TrainerState s1 = finished(stageDir) ? TrainerState.read(stageDir.resolve(TrainingLoop.SUMMARY_FILE)) : null;
        if (s1 != null) {
            LOG.info("distillation stage already finished in {}; going on with the gold stage", stageDir);
        } else {
            s1 = distillStage(c1, stageDir, layers);
        }
        TrainerState s2 = null;
        if (b.goldEpochs > 0) {
            s2 = goldStage(stageDir, out);
        }
        // the stage-1 student is a model of its own (it may score best on dev), so it carries the recipe too
        if (!stageDir.equals(out)) {
            addDistillationProvenance(stageDir, layers, s1, "stage 1: distillation, before the gold stage");
        }
        addDistillationProvenance(out, layers, s1, b.goldEpochs > 0 ? "stage 2: after the gold stage"
                : "stage 1: distillation, no gold stage");
        return new Result(s1, s2, layers, b.studentBase);
    }

    private static boolean finished(Path dir) throws IOException {
        Path summary = dir.resolve(TrainingLoop.SUMMARY_FILE);
        return Files.isRegularFile(summary) && TrainerState.read(summary).finished;
    }

    private TrainerState distillStage(TrainingConfig c1, Path stageDir, int[] layers) throws IOException {
        Files.createDirectories(stageDir);
        Path start = TrainingLoop.resumableModel(c1).orElse(null);
        if (start == null) {
            start = stageDir.resolve("student-init");
            if (b.studentBase != null) {
                StudentInit.fromModel(b.studentBase, b.teacher, start, c1.seed());
            } else {
                StudentInit.write(b.teacher, layers, start);
            }
        }
        try (TokenClassifierModel student = TokenClassifierModel.load(start, b.device)) {
            ModelSettings settings = ModelSettings.read(student, start.toString());
            SequenceEncoder encoder = settings.encoder(settings.tokenizerFor(student), LabelSet.of(student.labels()));
            NerTrainingTask gold = new NerTrainingTask(student, settings, encoder, b.train, b.dev, b.batchSize,
                    b.maxBatchTokens, c1.seed());
            List<EncodedWindow> windows = new ArrayList<>(gold.trainWindows());
            int goldWindows = windows.size();
            long unlabeledWords = 0;
            for (List<String> doc : b.unlabeled) {
                if (doc.isEmpty()) {
                    continue;
                }
                unlabeledWords += doc.size();
                windows.addAll(encoder.encode(doc, LabeledSentence.wordBegins(doc), null));
            }
            LOG.info("distillation data: {} gold windows, {} unlabelled windows ({} documents, {} words); {}",
                    goldWindows, windows.size() - goldWindows, b.unlabeled.size(), unlabeledWords,
                    settings.describe());
            int padId = encoder.tokenizer().vocab().padId();
            List<float[][]> teacherLogits = teacherLogits(stageDir.resolve(TEACHER_CACHE), windows, padId);
            DistillationTask task = new DistillationTask(gold, student, windows, teacherLogits, padId, b.batchSize,
                    b.maxBatchTokens, c1.seed(), b.temperature, b.goldWeight);
            TrainerState state = new TrainingLoop(c1, task, b.listener).run();
            TrainingProvenance.write(stageDir, settings, c1, b.corpusFiles, state);
            return state;
        }
    }

    private List<float[][]> teacherLogits(Path cache, List<EncodedWindow> windows, int padId) throws IOException {
        List<float[][]> cached = readCache(cache, windows);
        if (cached != null) {
            LOG.info("teacher logits read from {}", cache);
            return cached;
        }
        float[][][] byWindow = new float[windows.size()][][];
        Map<EncodedWindow, Integer> index = new java.util.IdentityHashMap<>();
        for (int i = 0; i < windows.size(); i++) {
            index.put(windows.get(i), i);
        }
        long startNanos = System.nanoTime();
        long words = 0;
        try (TokenClassifierModel teacher = TokenClassifierModel.load(b.teacher, b.device)) {
            List<List<EncodedWindow>> batches = Batches.bucket(windows, Math.max(b.batchSize, 32),
                    Math.max(b.maxBatchTokens, 4096), 0L);
            int done = 0;
            for (List<EncodedWindow> batch : batches) {
                EncodedBatch eb = Batches.collate(batch, padId);
                float[][][] logits = teacher.logits(eb.inputIds(), eb.attentionMask(), eb.tokenTypeIds());
                for (int r = 0; r < batch.size(); r++) {
                    int[] pos = DistillationTask.positions(batch.get(r));
                    float[][] t = new float[pos.length][];
                    for (int i = 0; i < pos.length; i++) {
                        t[i] = logits[r][pos[i]];
                    }
                    words += pos.length;
                    byWindow[index.get(batch.get(r))] = t;
                }
                if (++done % 50 == 0 || done == batches.size()) {
                    double s = (System.nanoTime() - startNanos) / 1e9;
                    LOG.info("teacher logits: {}/{} batches, {} word positions, {} positions/s", done, batches.size(),
                            words, Math.round(words / Math.max(s, 1e-9)));
                }
            }
        }
        List<float[][]> out = Arrays.asList(byWindow);
        writeCache(cache, out);
        return out;
    }

    private static List<float[][]> readCache(Path cache, List<EncodedWindow> windows) throws IOException {
        if (!Files.isRegularFile(cache)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(cache), 1 << 16))) {
            if (in.readInt() != CACHE_MAGIC || in.readInt() != windows.size()) {
                LOG.warn("{} was written for other data; computing the teacher logits again", cache);
                return null;
            }
            List<float[][]> out = new ArrayList<>(windows.size());
            for (EncodedWindow w : windows) {
                int n = in.readInt();
                int c = in.readInt();
                if (n != DistillationTask.positions(w).length) {
                    LOG.warn("{} was written for other windows; computing the teacher logits again", cache);
                    return null;
                }
                float[][] t = new float[n][c];
                for (float[] row : t) {
                    for (int k = 0; k < c; k++) {
                        row[k] = in.readFloat();
                    }
                }
                out.add(t);
            }
            return out;
        }
    }

    private static void writeCache(Path cache, List<float[][]> logits) throws IOException {
        Path tmp = cache.resolveSibling(cache.getFileName() + ".tmp");
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            o.writeInt(CACHE_MAGIC);
            o.writeInt(logits.size());
            for (float[][] t : logits) {
                o.writeInt(t.length);
                o.writeInt(t.length == 0 ? 0 : t[0].length);
                for (float[] row : t) {
                    for (float v : row) {
                        o.writeFloat(v);
                    }
                }
            }
        }
        Files.move(tmp, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private TrainerState goldStage(Path stageDir, Path out) throws IOException {
        ModelSettings s = ModelSettings.read(stageDir);
        TrainingConfig c2 = new TrainingConfig(out, b.goldEpochs, 0, b.goldLearningRate, b.config.warmupRatio(),
                b.config.weightDecay(), b.config.maxGradNorm(), b.config.seed(), 0, b.config.checkpointEvery(),
                b.config.resume());
        TokenClassifierTrainer.Builder tb = TokenClassifierTrainer.builder().setConfig(c2).setTrainData(b.train)
                .optDevData(b.dev).optBaseModel(stageDir).optKeepHead(true).optTagScheme(s.tagScheme())
                .optLabelAlignment(s.labelAlignment()).optContext(s.context()).optMaxLength(s.maxLength())
                .optStride(s.stride()).optBatchSize(b.batchSize).optMaxBatchTokens(b.maxBatchTokens)
                .optDevice(b.device).optListener(b.listener);
        b.corpusFiles.forEach(tb::optCorpusFiles);
        return tb.build().train();
    }

    private void addDistillationProvenance(Path out, int[] layers, TrainerState s1, String thisModel)
            throws IOException {
        if (!Files.isRegularFile(out.resolve(TrainingProvenance.FILE_NAME))) {
            return;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("this_model", thisModel);
        d.put("teacher", b.teacher.toAbsolutePath().normalize().toString());
        if (b.studentBase != null) {
            d.put("student_base", b.studentBase.toAbsolutePath().normalize().toString());
        } else {
            d.put("teacher_layers_kept", Arrays.stream(layers).boxed().toList());
        }
        d.put("temperature", b.temperature);
        d.put("gold_weight", b.goldWeight);
        d.put("unlabeled_documents", b.unlabeled.size());
        d.put("unlabeled_words", b.unlabeled.stream().mapToLong(List::size).sum());
        d.put("distill_epochs", b.config.epochs());
        d.put("distill_learning_rate", b.config.learningRate());
        d.put("distill_best_dev_score", s1.bestScore());
        d.put("gold_epochs", b.goldEpochs);
        d.put("gold_learning_rate", b.goldLearningRate);
        TrainingProvenance.addSection(out, "distillation", d);
    }

    /** Builder of {@link Distiller}; {@link #setConfig} holds stage 1's optimisation and the output folder. */
    public static final class Builder {
        private TrainingConfig config;
        private Path teacher;
        private int numLayers = 4;
        private int[] layers;
        private Path studentBase;
        private List<LabeledSentence> train = List.of();
        private List<LabeledSentence> dev = List.of();
        private List<List<String>> unlabeled = List.of();
        private float temperature = 2f;
        private float goldWeight = 0.5f;
        private int goldEpochs = 1;
        private double goldLearningRate = 3e-5;
        private int batchSize = 32;
        private int maxBatchTokens = 4096;
        private Device device = Device.cpu();
        private ProgressListener listener = new ProgressListener() { };
        private final Map<String, List<Path>> corpusFiles = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param c stage 1 (distillation) epochs, learning rate, seed and the output folder of the final model
         * @return this builder
         */
        public Builder setConfig(TrainingConfig c) {
            config = c;
            return this;
        }

        /**
         * @param dir the fine-tuned teacher folder
         * @return this builder
         */
        public Builder setTeacher(Path dir) {
            teacher = dir;
            return this;
        }

        /**
         * @param n student layers, taken evenly spread from the teacher (default 4)
         * @return this builder
         */
        public Builder optNumLayers(int n) {
            numLayers = n;
            return this;
        }

        /**
         * @param dir a pretrained model the student starts from instead of teacher layers (see
         *     {@link StudentInit#fromModel}); overrides {@link #optNumLayers} and {@link #optLayers}
         * @return this builder
         */
        public Builder optStudentBase(Path dir) {
            studentBase = dir;
            return this;
        }

        /**
         * @param teacherLayers the teacher layers to keep, 0-based, increasing (overrides {@link #optNumLayers})
         * @return this builder
         */
        public Builder optLayers(int... teacherLayers) {
            layers = teacherLayers.clone();
            return this;
        }

        /**
         * @param sentences gold training sentences (one per document with DOCUMENT context, as for training)
         * @return this builder
         */
        public Builder setTrainData(List<LabeledSentence> sentences) {
            train = List.copyOf(sentences);
            return this;
        }

        /**
         * @param sentences dev data for per-epoch evaluation and choosing the best epoch
         * @return this builder
         */
        public Builder optDevData(List<LabeledSentence> sentences) {
            dev = List.copyOf(sentences);
            return this;
        }

        /**
         * @param documents unlabelled documents as word lists, learnt from the teacher's predictions only
         * @return this builder
         */
        public Builder optUnlabeledDocuments(List<List<String>> documents) {
            unlabeled = List.copyOf(documents);
            return this;
        }

        /**
         * @param t softening temperature (default 2)
         * @return this builder
         */
        public Builder optTemperature(float t) {
            temperature = t;
            return this;
        }

        /**
         * @param w weight of the gold cross-entropy in stage 1, in [0, 1] (default 0.5)
         * @return this builder
         */
        public Builder optGoldWeight(float w) {
            goldWeight = w;
            return this;
        }

        /**
         * @param n epochs of gold-only fine-tuning after distillation, 0 for none (default 1)
         * @return this builder
         */
        public Builder optGoldEpochs(int n) {
            goldEpochs = n;
            return this;
        }

        /**
         * @param lr peak learning rate of the gold stage (default 3e-5)
         * @return this builder
         */
        public Builder optGoldLearningRate(double lr) {
            goldLearningRate = lr;
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
         * @param d where teacher and student run (default CPU)
         * @return this builder
         */
        public Builder optDevice(Device d) {
            device = d;
            return this;
        }

        /**
         * @param l progress receiver for both stages
         * @return this builder
         */
        public Builder optListener(ProgressListener l) {
            listener = l;
            return this;
        }

        /**
         * @param role  train, dev, test or unlabeled
         * @param files the files, recorded with their sha256 in provenance.json
         * @return this builder
         */
        public Builder optCorpusFiles(String role, List<Path> files) {
            corpusFiles.put(role, List.copyOf(files));
            return this;
        }

        /**
         * @return the distiller
         * @throws IllegalArgumentException on an empty training set or a value out of range
         */
        public Distiller build() {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(teacher, "teacher");
            if (train.isEmpty()) {
                throw new IllegalArgumentException("no training sentences");
            }
            if (!(temperature > 0)) {
                throw new IllegalArgumentException("expected a positive temperature, found " + temperature);
            }
            if (!(goldWeight >= 0 && goldWeight <= 1)) {
                throw new IllegalArgumentException("expected a gold weight in [0, 1], found " + goldWeight);
            }
            if (goldEpochs < 0 || numLayers < 1 || batchSize < 1 || maxBatchTokens < 1) {
                throw new IllegalArgumentException("gold epochs must be >= 0, layers, batch size and batch tokens >= 1");
            }
            return new Distiller(this);
        }
    }
}
