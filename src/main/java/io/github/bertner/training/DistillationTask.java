package io.github.bertner.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.bertner.model.TokenClassifierModel;
import io.github.bertner.tokenization.Batches;
import io.github.bertner.tokenization.EncodedBatch;
import io.github.bertner.tokenization.EncodedWindow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Distillation as a {@link TrainingTask}: the student learns the teacher's softened label distributions at the
 * first piece of every word of every window (gold-labelled and unlabelled text alike), plus, weighted by
 * {@code goldWeight}, the gold cross-entropy where a window has gold labels. Evaluation, saving and the
 * parameters are those of the student's ordinary NER task, so dev scores are measured the way {@code tag}
 * predicts.
 */
final class DistillationTask implements TrainingTask {

    private static final long BATCH_STREAM = 0x4B4E4F57L;

    private final NerTrainingTask student;
    private final TokenClassifierModel model;
    private final List<EncodedWindow> windows;
    /** Per window: the distilled positions and the teacher's logits there, found once, not per batch. */
    private final Map<EncodedWindow, Target> teacher;
    private final int padId;
    private final int batchSize;
    private final int maxBatchTokens;
    private final long seed;
    private final float temperature;
    private final float goldWeight;
    private final int numLabels;
    private final int batchesPerEpoch;
    private int cachedEpoch = -1;
    private List<List<EncodedWindow>> cachedBatches;

    /**
     * @param student        the student's NER task (dev evaluation, save, load, parameters)
     * @param model          the student model inside it
     * @param windows        every training window, gold-labelled and unlabelled
     * @param teacherLogits  per window (same order), the teacher's logits at {@link #positions} of that window
     * @param padId          padding id
     * @param batchSize      windows per batch at most
     * @param maxBatchTokens padded positions per batch at most
     * @param seed           run seed (batch order)
     * @param temperature    softening temperature
     * @param goldWeight     weight of the gold cross-entropy, in [0, 1]; the KL term gets {@code 1 - goldWeight}
     */
    DistillationTask(NerTrainingTask student, TokenClassifierModel model, List<EncodedWindow> windows,
                     List<float[][]> teacherLogits, int padId, int batchSize, int maxBatchTokens, long seed,
                     float temperature, float goldWeight) {
        if (windows.size() != teacherLogits.size()) {
            throw new IllegalArgumentException("expected teacher logits for " + windows.size() + " windows, found "
                    + teacherLogits.size());
        }
        this.student = student;
        this.model = model;
        this.windows = List.copyOf(windows);
        this.teacher = new IdentityHashMap<>();
        this.numLabels = model.labels().size();
        for (int i = 0; i < windows.size(); i++) {
            float[][] t = teacherLogits.get(i);
            int[] pos = positions(windows.get(i));
            if (t.length != pos.length || (t.length > 0 && t[0].length != numLabels)) {
                throw new IllegalArgumentException("window " + i + ": expected teacher logits for " + pos.length
                        + " positions x " + numLabels + " labels, found " + t.length + " x "
                        + (t.length > 0 ? t[0].length : 0));
            }
            teacher.put(windows.get(i), new Target(pos, t));
        }
        this.padId = padId;
        this.batchSize = batchSize;
        this.maxBatchTokens = maxBatchTokens;
        this.seed = seed;
        this.temperature = temperature;
        this.goldWeight = goldWeight;
        this.batchesPerEpoch = windows.isEmpty() ? 0 : batches(0).size();
    }

    private record Target(int[] positions, float[][] logits) {
    }

    /**
     * The positions of a window whose distributions are distilled: the first piece of every word in it, the
     * pieces a word's label is read from ({@code FIRST} alignment), whether or not this window is the one
     * the tagger reads that word from.
     *
     * @param w a window
     * @return increasing positions
     */
    static int[] positions(EncodedWindow w) {
        int[] wi = w.wordIndex();
        return java.util.stream.IntStream.range(0, wi.length)
                .filter(p -> wi[p] >= 0 && (p == 0 || wi[p - 1] != wi[p])).toArray();
    }

    private List<List<EncodedWindow>> batches(int epoch) {
        if (epoch != cachedEpoch) {
            cachedBatches = Batches.bucket(windows, batchSize, maxBatchTokens, Seeds.mix(seed, BATCH_STREAM, epoch));
            cachedEpoch = epoch;
        }
        return cachedBatches;
    }

    @Override
    public List<Pair<String, Parameter>> parameters() {
        return student.parameters();
    }

    @Override
    public NDManager manager() {
        return student.manager();
    }

    @Override
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    @Override
    public BatchLoss loss(NDManager bm, int epoch, int batch, long step) {
        List<EncodedWindow> ws = batches(epoch).get(batch);
        EncodedBatch b = Batches.collate(ws, padId);
        int s = b.length();
        Shape shape = new Shape(b.size(), s);
        NDArray ids = bm.create(NerTrainingTask.toLong(b.inputIds()), shape);
        NDArray mask = bm.create(NerTrainingTask.toLong(b.attentionMask()), shape);
        NDArray types = bm.create(NerTrainingTask.toLong(b.tokenTypeIds()), shape);
        NDArray logits = model.block().forward(new ParameterStore(bm, false), new NDList(ids, mask, types), true)
                .singletonOrThrow();
        float[] soft = new float[b.size() * s * numLabels];
        float[] counted = new float[b.size() * s];
        int[] gold = new int[b.size() * s];
        long tokens = 0;
        for (int r = 0; r < ws.size(); r++) {
            EncodedWindow w = ws.get(r);
            Target target = teacher.get(w);
            int[] pos = target.positions();
            float[][] t = target.logits();
            for (int i = 0; i < pos.length; i++) {
                int at = r * s + pos[i];
                System.arraycopy(t[i], 0, soft, at * numLabels, numLabels);
                counted[at] = 1f;
                tokens++;
            }
            for (int c = 0; c < s; c++) {
                gold[r * s + c] = b.labelIds()[r][c];
            }
        }
        NDArray kl = DistillationLoss.loss(logits, bm.create(soft, new Shape(b.size(), s, numLabels)),
                bm.create(counted, shape), temperature);
        NDArray loss = kl;
        if (goldWeight > 0) {
            NDArray ce = MaskedCrossEntropy.loss(logits, bm.create(gold, shape));
            loss = kl.mul(1f - goldWeight).add(ce.mul(goldWeight));
        }
        return new BatchLoss(loss, tokens);
    }

    @Override
    public Evaluation evaluate(int epoch, Path reportDir) throws IOException {
        return student.evaluate(epoch, reportDir);
    }

    @Override
    public void saveModel(Path dir) throws IOException {
        student.saveModel(dir);
    }

    @Override
    public void loadWeights(Path dir) throws IOException {
        student.loadWeights(dir);
    }
}
