package io.github.bertner.training;

import java.nio.file.Path;
import java.util.Map;

/**
 * Receives training progress; the CLI draws a progress bar from it, library code only logs. All
 * methods are called on the training thread and default to doing nothing.
 */
public interface ProgressListener {

    /**
     * One optimizer update finished.
     *
     * @param epoch           0-based epoch
     * @param batch           0-based batch index within the epoch
     * @param batchesPerEpoch batches per epoch
     * @param step            number of updates done so far
     * @param totalSteps      planned number of updates
     * @param loss            loss of this batch
     * @param learningRate    learning rate used
     * @param tokensPerSecond labelled tokens per second since this process started training
     * @param etaSeconds      estimated seconds to the planned end, evaluation excluded
     */
    record Step(int epoch, int batch, int batchesPerEpoch, long step, long totalSteps, double loss,
                double learningRate, double tokensPerSecond, double etaSeconds) {
    }

    /**
     * One epoch (or the last partial epoch at the step cap) finished and was evaluated.
     *
     * @param epoch           0-based epoch
     * @param trainLoss       mean batch loss of the epoch
     * @param seconds         wall time of the epoch's training in this process (evaluation excluded)
     * @param tokensPerSecond labelled training tokens per second in this epoch
     * @param score           dev score, NaN without dev data
     * @param metrics         dev metrics
     * @param improved        whether this epoch is the new best
     * @param reportDir       folder with the epoch's evaluation reports
     */
    record Epoch(int epoch, double trainLoss, double seconds, double tokensPerSecond, double score,
                 Map<String, Double> metrics, boolean improved, Path reportDir) {
    }

    /**
     * Called once an update finished.
     *
     * @param step progress
     */
    default void onStep(Step step) {
    }

    /**
     * Called after each epoch's evaluation.
     *
     * @param epoch summary
     */
    default void onEpoch(Epoch epoch) {
    }

    /**
     * Called after the resumable checkpoint was written.
     *
     * @param dir  checkpoint folder
     * @param step updates done
     */
    default void onCheckpoint(Path dir, long step) {
    }

    /**
     * Called when training resumes from a checkpoint.
     *
     * @param epoch epoch to continue
     * @param batch batch to continue with
     * @param step  updates already done
     */
    default void onResume(int epoch, int batch, long step) {
    }
}
