package io.github.bertner.training;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Position and bookkeeping of a run, saved as {@code trainer_state.json} next to the weights and the
 * optimizer moments. Random state needs no entry: every draw is derived from (seed, epoch, step).
 */
public final class TrainerState {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    /** Format version of this file. */
    int version = 1;
    /** Run seed (a resumed run must use the same). */
    long seed;
    /** Batches per epoch when the checkpoint was written (must match on resume). */
    int batchesPerEpoch;
    /** Planned number of updates. */
    long totalSteps;
    /** Updates done. */
    long step;
    /** Epoch to continue. */
    int epoch;
    /** Batch within {@link #epoch} to continue with. */
    int batch;
    /** Sum of batch losses in the current epoch so far. */
    double epochLossSum;
    /** Gradient norms of the current epoch so far (missing in older checkpoints: then they start empty). */
    GradientStats epochGradients = new GradientStats();
    /** Updates dropped for a non-finite loss or gradient norm over the whole run. */
    long skippedUpdates;
    /** Best dev score so far (NaN when none). */
    double bestScore = Double.NaN;
    /** Epoch of the best dev score (-1 when none). */
    int bestEpoch = -1;
    /** Epochs since the last improvement. */
    int epochsWithoutImprovement;
    /** True when early stopping or the step cap ended the run. */
    boolean finished;
    /** One entry per finished epoch. */
    List<Map<String, Object>> history = new ArrayList<>();

    /**
     * Writes the state as JSON.
     *
     * @param file target
     * @throws IOException on failure
     */
    void write(Path file) throws IOException {
        Files.writeString(file, GSON.toJson(this), StandardCharsets.UTF_8);
    }

    /**
     * Reads a state.
     *
     * @param file source
     * @return the state
     * @throws IOException on failure
     */
    static TrainerState read(Path file) throws IOException {
        TrainerState s = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), TrainerState.class);
        if (s == null || s.version != 1) {
            throw new IOException(file + ": expected trainer state version 1");
        }
        return s;
    }

    /**
     * Updates done.
     *
     * @return step count
     */
    public long step() {
        return step;
    }

    /**
     * Best dev score.
     *
     * @return score or NaN
     */
    public double bestScore() {
        return bestScore;
    }

    /**
     * Epoch of the best dev score.
     *
     * @return epoch or -1
     */
    public int bestEpoch() {
        return bestEpoch;
    }

    /**
     * Updates dropped because their loss or global gradient norm was not finite, over the whole run (resumes
     * included); each epoch's {@code gradient_norm} history entry lists its steps.
     *
     * @return the count
     */
    public long skippedUpdates() {
        return skippedUpdates;
    }

    /**
     * Per-epoch history (epoch, train_loss, seconds, tokens_per_second, score, dev metrics and gradient_norm:
     * max, max_step, mean, applied, clipped, skipped, skipped_steps, recomputed, recovered_steps).
     *
     * @return history entries
     */
    public List<Map<String, Object>> history() {
        return history;
    }
}
