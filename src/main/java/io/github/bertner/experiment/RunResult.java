package io.github.bertner.experiment;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finished run as its folder records it.
 *
 * @param plan      the run
 * @param dir       its folder
 * @param devScore  best dev strict F1 of the training (NaN without dev data)
 * @param bestEpoch 1-based epoch of the best dev score (0 without dev data)
 * @param steps     optimizer updates done
 * @param seconds   wall time of training and evaluation in the session that finished it
 * @param tests     scores by test set name, in the spec's order ({@value ExperimentSpec#HELD_OUT} first)
 */
public record RunResult(RunPlan plan, Path dir, double devScore, int bestEpoch, long steps, double seconds,
                        Map<String, TestScores> tests) {

    /** Copies the map. */
    public RunResult {
        tests = Collections.unmodifiableMap(new LinkedHashMap<>(tests));
    }
}
