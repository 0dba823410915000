package io.github.bertner.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@link TrainingLoop} trains: the model, its data and its evaluation. Implementations build
 * batch {@code i} of epoch {@code e} deterministically from the run seed, so a resumed run sees
 * exactly the batches the uninterrupted run would have seen.
 */
public interface TrainingTask {

    /**
     * Loss of one batch together with its size.
     *
     * @param loss   scalar loss, attached to the autograd graph
     * @param tokens number of positions that carried a label (for tokens/s)
     */
    record BatchLoss(NDArray loss, long tokens) {
    }

    /**
     * Result of one evaluation.
     *
     * @param score   the early-stopping score, higher is better (dev strict F1 for NER)
     * @param metrics named numbers for logs and the progress display
     */
    record Evaluation(double score, Map<String, Double> metrics) {
    }

    /**
     * The trainable parameters with stable names.
     *
     * @return name/parameter pairs
     */
    List<Pair<String, Parameter>> parameters();

    /**
     * The manager owning the model; per-batch scopes are opened under it.
     *
     * @return the model manager
     */
    NDManager manager();

    /**
     * Number of batches per epoch (the same for every epoch).
     *
     * @return batch count
     */
    int batchesPerEpoch();

    /**
     * Runs the training-mode forward pass of one batch and returns its loss.
     *
     * @param batchManager scope for every temporary of this batch (closed by the loop)
     * @param epoch        0-based epoch
     * @param batch        0-based batch index within the epoch
     * @param step         0-based optimizer update the batch is used for
     * @return loss and token count
     */
    BatchLoss loss(NDManager batchManager, int epoch, int batch, long step);

    /**
     * Evaluates on the development data and writes reports.
     *
     * @param epoch     0-based epoch just finished
     * @param reportDir folder for this evaluation's reports (exists, empty)
     * @return the evaluation, or null when there is no development data
     * @throws IOException when writing reports fails
     */
    Evaluation evaluate(int epoch, Path reportDir) throws IOException;

    /**
     * Writes the model as a self-contained folder (for NER: a Hugging Face folder that
     * {@code TokenClassifierModel.load} accepts).
     *
     * @param dir target folder (exists, empty)
     * @throws IOException on write failure
     */
    void saveModel(Path dir) throws IOException;

    /**
     * Loads weights written by {@link #saveModel(Path)} into the live parameters.
     *
     * @param dir folder written by {@code saveModel}
     * @throws IOException on read failure or mismatch
     */
    void loadWeights(Path dir) throws IOException;
}
