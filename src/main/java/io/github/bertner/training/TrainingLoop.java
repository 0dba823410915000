package io.github.bertner.training;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The optimisation loop shared by NER fine-tuning and MLM pretraining: AdamW with linear warm-up and
 * decay, global-norm clipping, one NDManager scope per batch, dev evaluation after every epoch,
 * early stopping with patience, the best model kept, and a resumable checkpoint.
 *
 * <p>Output folder layout:
 * <pre>
 *   &lt;out&gt;/            best model (written by {@link TrainingTask#saveModel}) + dev-report/ + training.json
 *   &lt;out&gt;/eval/epoch-N/  dev reports of every epoch
 *   &lt;out&gt;/checkpoint/    model/, optimizer.bin (AdamW moments), trainer_state.json (position)
 * </pre>
 *
 * <p>Reproducibility: batch order comes from the task (derived from seed and epoch), the engine RNG
 * that drives dropout is re-seeded from (seed, step) before every update, and the checkpoint stores
 * weights and moments exactly. A run resumed from any checkpoint therefore ends with the same weights
 * as an uninterrupted run on the same hardware and thread count. To keep that thread count fixed, the
 * loop pins PyTorch's intra-op threads when it starts ({@link #pinIntraOpThreads}). Only one loop may run per
 * JVM at a time (DJL allows one open GradientCollector).
 */
public final class TrainingLoop {

    /** Name of the resumable checkpoint folder inside the output folder. */
    public static final String CHECKPOINT_DIR = "checkpoint";
    /**
     * The model folder of a resumable checkpoint a run should start from: present when resuming is asked for
     * and an earlier run of the same output folder left one. Trainers load their model from it instead of the
     * base, so the weights, vocabulary and settings are the checkpoint's.
     *
     * @param config the run's configuration
     * @return the checkpoint's model folder, or empty for a fresh start
     */
    public static Optional<Path> resumableModel(TrainingConfig config) {
        Path model = config.outputDir().resolve(CHECKPOINT_DIR).resolve("model");
        return config.resume() && Files.exists(model.resolve("config.json"))
                ? Optional.of(model) : Optional.empty();
    }

    /** Name of the best epoch's dev report folder inside the output folder. */
    public static final String DEV_REPORT_DIR = "dev-report";
    /** Name of the run summary file inside the output folder. */
    public static final String SUMMARY_FILE = "training.json";

    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);
    private static final long DROPOUT_STREAM = 0x44524F50L;

    private final TrainingConfig config;
    private final TrainingTask task;
    private final ProgressListener listener;

    /**
     * Creates a loop.
     *
     * @param config   hyper-parameters and output folder
     * @param task     model, data and evaluation
     * @param listener progress receiver (may be a no-op)
     */
    public TrainingLoop(TrainingConfig config, TrainingTask task, ProgressListener listener) {
        this.config = config;
        this.task = task;
        this.listener = listener;
    }

    /**
     * Planned number of updates: epochs times batches, capped by {@code maxSteps}.
     *
     * @return total updates
     */
    public long totalSteps() {
        long all = (long) config.epochs() * task.batchesPerEpoch();
        return config.maxSteps() > 0 ? Math.min(all, config.maxSteps()) : all;
    }

    /**
     * Trains to the end (epochs, step cap or early stop), resuming first when configured.
     *
     * @return the final state (best score, history)
     * @throws IOException when writing the model, reports or checkpoints fails
     */
    public TrainerState run() throws IOException {
        pinIntraOpThreads();
        if (task.batchesPerEpoch() <= 0) {
            throw new IllegalArgumentException("no training batches: the training data is empty");
        }
        Path out = config.outputDir();
        Files.createDirectories(out);
        Path ckpt = out.resolve(CHECKPOINT_DIR);
        recoverInterruptedSwap(ckpt);
        long total = totalSteps();
        LinearSchedule schedule = LinearSchedule.withWarmupRatio(config.learningRate(), config.warmupRatio(), total);
        try (AdamW optimizer = AdamW.builder().setParameters(task.parameters())
                .optWeightDecay(config.weightDecay()).optMaxGradNorm(config.maxGradNorm()).build(task.manager())) {
            TrainerState state;
            if (config.resume() && Files.exists(ckpt.resolve("trainer_state.json"))) {
                state = TrainerState.read(ckpt.resolve("trainer_state.json"));
                checkCompatible(state, ckpt, total);
                task.loadWeights(ckpt.resolve("model"));
                optimizer.attachGradients();
                optimizer.importState(OptimizerState.read(ckpt.resolve("optimizer.bin")));
                LOG.info("resuming from {} at epoch {} batch {} (step {})", ckpt, state.epoch, state.batch, state.step);
                listener.onResume(state.epoch, state.batch, state.step);
            } else {
                if (config.resume()) {
                    LOG.info("no checkpoint in {}; starting from scratch", ckpt);
                }
                state = new TrainerState();
                state.seed = config.seed();
                state.batchesPerEpoch = task.batchesPerEpoch();
                state.totalSteps = total;
            }
            train(state, optimizer, schedule, total, ckpt);
            state.finished = true;
            state.write(out.resolve(SUMMARY_FILE));
            return state;
        }
    }

    /**
     * Sets PyTorch's intra-op thread count explicitly, to its current value unless
     * {@code -Dai.djl.pytorch.num_threads} already set it. Left implicit, MKL keeps its dynamic mode, in which it
     * may run a product on fewer threads than asked, and a matrix product split another way rounds differently;
     * an explicit count also turns that mode off, so the thread count, and with it the rounding, is the same in
     * every run and in every resumed part of a run.
     */
    static void pinIntraOpThreads() {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            int threads = JniUtils.getNumThreads();
            JniUtils.setNumThreads(threads);
            LOG.debug("PyTorch intra-op threads pinned at {}", threads);
        }
    }

    /** Consecutive non-finite updates after which training stops instead of skipping. */
    static final int MAX_NON_FINITE_IN_A_ROW = 5;

    private int nonFiniteInARow;

    private void train(TrainerState state, AdamW optimizer, LinearSchedule schedule, long total, Path ckpt)
            throws IOException {
        int batches = task.batchesPerEpoch();
        long startNanos = System.nanoTime();
        long sessionTokens = 0;
        long sessionStartStep = state.step;
        while (state.epoch < config.epochs() && !state.finished) {
            long epochStart = System.nanoTime();
            long epochTokens = 0;
            int epochBatchesHere = 0;
            while (state.batch < batches && state.step < total) {
                double lossValue;
                long tokens;
                double lr = schedule.lr(state.step);
                try (NDManager bm = task.manager().newSubManager()) {
                    Attempt a = attempt(bm, state, optimizer);
                    tokens = a.tokens();
                    if (Double.isFinite(a.loss()) && !Double.isFinite(a.norm())) {
                        // a finite loss cannot have a non-finite exact gradient; measured (issue 9): replaying such
                        // a step from a checkpoint, with the same weights, batch and dropout, gives the same loss
                        // to the last digit and finite gradients, so the fault is transient: compute it again
                        String where = optimizer.describeNonFiniteGradients(bm, 5);
                        optimizer.zeroGradients();
                        a = attempt(bm, state, optimizer);
                        boolean recovered = Double.isFinite(a.loss()) && Double.isFinite(a.norm());
                        state.epochGradients.recomputed(state.step, recovered);
                        LOG.warn("step {}: loss {} is finite but the gradient norm is not ({}); computed the batch "
                                + "again: {}", state.step, a.loss(), where,
                                recovered ? "finite, update applied" : "still not finite");
                    }
                    lossValue = a.loss();
                    double norm = a.norm();
                    if (Double.isFinite(lossValue) && Double.isFinite(norm)) {
                        double clip = optimizer.clipCoefficient(norm);
                        optimizer.step(bm, lr, clip);
                        state.epochGradients.applied(state.step, norm, clip < 1);
                        nonFiniteInARow = 0;
                    } else {
                        // one overflowing batch must not poison the weights: drop its update, as mixed-precision
                        // loss scalers do, and give up only when it keeps happening
                        String where = optimizer.describeNonFiniteGradients(bm, 5);
                        optimizer.zeroGradients();
                        nonFiniteInARow++;
                        state.skippedUpdates++;
                        state.epochGradients.skipped(state.step);
                        LOG.warn("step {}: loss {} / gradient norm {} is not finite; update skipped ({} so far); "
                                + "non-finite gradients: {}", state.step, lossValue, norm, state.skippedUpdates, where);
                        if (nonFiniteInARow >= MAX_NON_FINITE_IN_A_ROW) {
                            throw new IllegalStateException("loss or gradients were not finite for "
                                    + nonFiniteInARow + " updates in a row up to step " + state.step
                                    + "; lower the learning rate");
                        }
                        lossValue = 0;
                    }
                }
                state.step++;
                state.batch++;
                state.epochLossSum += lossValue;
                sessionTokens += tokens;
                epochTokens += tokens;
                epochBatchesHere++;
                double elapsed = (System.nanoTime() - startNanos) / 1e9;
                long doneHere = state.step - sessionStartStep;
                double eta = doneHere > 0 ? elapsed / doneHere * (total - state.step) : Double.NaN;
                listener.onStep(new ProgressListener.Step(state.epoch, state.batch - 1, batches, state.step, total,
                        lossValue, lr, elapsed > 0 ? sessionTokens / elapsed : 0, eta));
                if (config.checkpointEvery() > 0 && state.step % config.checkpointEvery() == 0
                        && state.batch < batches && state.step < total) {
                    writeCheckpoint(state, optimizer, ckpt);
                }
            }
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            endEpoch(state, seconds, epochTokens, epochBatchesHere, state.step >= total);
            writeCheckpoint(state, optimizer, ckpt);
        }
    }

    /** One forward and backward pass over the current batch: its loss, labelled tokens and global gradient norm. */
    private record Attempt(double loss, long tokens, double norm) {
    }

    private Attempt attempt(NDManager bm, TrainerState state, AdamW optimizer) {
        // dropout is drawn from (seed, step), so a second attempt at a step sees the same masks
        Engine.getInstance().setRandomSeed(Seeds.engineSeed(config.seed(), DROPOUT_STREAM, state.step));
        TrainingTask.BatchLoss bl;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            bl = task.loss(bm, state.epoch, state.batch, state.step);
            gc.backward(bl.loss());
        }
        return new Attempt(bl.loss().getFloat(), bl.tokens(), optimizer.gradientNorm(bm));
    }

    private void endEpoch(TrainerState state, double seconds, long tokens, int batchesHere, boolean capReached)
            throws IOException {
        int epoch = state.epoch;
        double trainLoss = state.batch > 0 ? state.epochLossSum / state.batch : Double.NaN;
        Path reportDir = config.outputDir().resolve("eval").resolve("epoch-" + (epoch + 1));
        deleteRecursively(reportDir);
        Files.createDirectories(reportDir);
        TrainingTask.Evaluation eval = task.evaluate(epoch, reportDir);
        double score = eval == null ? Double.NaN : eval.score();
        Map<String, Double> metrics = eval == null ? Map.of() : eval.metrics();
        boolean improved = eval == null || Double.isNaN(state.bestScore) || score > state.bestScore;
        if (improved) {
            state.bestScore = score;
            state.bestEpoch = epoch;
            state.epochsWithoutImprovement = 0;
            saveBest(reportDir);
        } else {
            state.epochsWithoutImprovement++;
        }
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("epoch", epoch + 1);
        h.put("steps", state.step);
        h.put("train_loss", trainLoss);
        h.put("seconds", seconds);
        h.put("tokens_per_second", seconds > 0 ? tokens / seconds : 0);
        h.put("batches_in_this_process", batchesHere);
        h.put("score", score);
        h.put("metrics", metrics);
        h.put("gradient_norm", state.epochGradients.summary());
        state.history.add(h);
        LOG.info("epoch {}: train loss {}, dev score {}, {} s{}", epoch + 1, trainLoss, score, seconds,
                improved ? " (best)" : "");
        listener.onEpoch(new ProgressListener.Epoch(epoch, trainLoss, seconds, seconds > 0 ? tokens / seconds : 0,
                score, metrics, improved, reportDir));
        state.epoch++;
        state.batch = 0;
        state.epochLossSum = 0;
        state.epochGradients = new GradientStats();
        if (capReached) {
            state.finished = true;
        } else if (config.patience() > 0 && state.epochsWithoutImprovement >= config.patience()) {
            LOG.info("early stop: no dev improvement for {} epoch(s); best epoch {}", config.patience(),
                    state.bestEpoch + 1);
            state.finished = true;
        }
    }

    private void saveBest(Path reportDir) throws IOException {
        Path out = config.outputDir();
        Path tmp = out.resolve(".best-tmp");
        deleteRecursively(tmp);
        Files.createDirectories(tmp);
        task.saveModel(tmp);
        Path reports = tmp.resolve(DEV_REPORT_DIR);
        copyRecursively(reportDir, reports);
        try (Stream<Path> s = Files.list(tmp)) {
            for (Path p : s.toList()) {
                Path target = out.resolve(p.getFileName().toString());
                deleteRecursively(target);
                Files.move(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        deleteRecursively(tmp);
    }

    /**
     * Writes weights, moments and position into a fresh folder and swaps it in, so a crash while
     * writing leaves the previous checkpoint intact.
     */
    private void writeCheckpoint(TrainerState state, AdamW optimizer, Path ckpt) throws IOException {
        Path tmp = ckpt.resolveSibling(CHECKPOINT_DIR + ".tmp");
        Path old = ckpt.resolveSibling(CHECKPOINT_DIR + ".old");
        deleteRecursively(tmp);
        Files.createDirectories(tmp.resolve("model"));
        task.saveModel(tmp.resolve("model"));
        optimizer.exportState().write(tmp.resolve("optimizer.bin"));
        state.write(tmp.resolve("trainer_state.json"));
        deleteRecursively(old);
        if (Files.exists(ckpt)) {
            Files.move(ckpt, old);
        }
        Files.move(tmp, ckpt);
        deleteRecursively(old);
        LOG.debug("checkpoint at step {} written to {}", state.step, ckpt);
        listener.onCheckpoint(ckpt, state.step);
    }

    /** A crash between the two moves of {@link #writeCheckpoint} leaves only the .old folder. */
    private static void recoverInterruptedSwap(Path ckpt) throws IOException {
        Path old = ckpt.resolveSibling(CHECKPOINT_DIR + ".old");
        if (!Files.exists(ckpt) && Files.exists(old)) {
            Files.move(old, ckpt);
        }
    }

    private void checkCompatible(TrainerState s, Path ckpt, long total) throws IOException {
        if (s.seed != config.seed()) {
            throw new IOException(ckpt + ": checkpoint was trained with seed " + s.seed + ", found --seed "
                    + config.seed());
        }
        if (s.batchesPerEpoch != task.batchesPerEpoch()) {
            throw new IOException(ckpt + ": checkpoint has " + s.batchesPerEpoch
                    + " batches per epoch, the current data gives " + task.batchesPerEpoch()
                    + " (different data or batch size)");
        }
        if (s.totalSteps != total) {
            throw new IOException(ckpt + ": checkpoint planned " + s.totalSteps + " updates, the current settings give "
                    + total + " (different epochs or max steps)");
        }
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            List<Path> all = s.toList();
            for (Path f : all) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
