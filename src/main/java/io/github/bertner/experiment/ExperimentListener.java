package io.github.bertner.experiment;

import java.nio.file.Path;
import java.util.List;

/**
 * Receives an experiment's progress, one call per run; the CLI prints a line for each. Training progress
 * inside a run goes to the {@link io.github.bertner.training.ProgressListener} given to the runner. All
 * methods default to doing nothing.
 */
public interface ExperimentListener {

    /**
     * The corpora are read and the runs planned.
     *
     * @param runs every run, in execution order
     */
    default void onPlanned(List<RunPlan> runs) {
    }

    /**
     * A run starts (or resumes from its checkpoint).
     *
     * @param index 0-based position
     * @param total number of runs
     * @param run   the run
     * @param dir   its folder
     */
    default void onRunStart(int index, int total, RunPlan run, Path dir) {
    }

    /**
     * A run finished in an earlier session and is not run again.
     *
     * @param index  0-based position
     * @param total  number of runs
     * @param result what its folder records
     */
    default void onRunSkipped(int index, int total, RunResult result) {
    }

    /**
     * A run finished now.
     *
     * @param index  0-based position
     * @param total  number of runs
     * @param result its scores
     */
    default void onRunFinished(int index, int total, RunResult result) {
    }

    /**
     * The results folder is written.
     *
     * @param results the aggregated results
     * @param dir     the results folder
     */
    default void onFinished(ExperimentResults results, Path dir) {
    }
}
