package io.github.bertner.experiment;

import java.util.Map;

/**
 * One run of an experiment: a grid setting, a seed and, under cross-validation, a fold.
 *
 * @param id       folder name under {@code runs/}, derived from everything that determines the run's result, so
 *                 that a changed spec never reuses a run trained differently
 * @param setting  0-based index of the grid setting
 * @param label    the setting's grid values, for example {@code lr=1e-3 epochs=2} ({@code default} without a grid)
 * @param values   the setting's parameter values as given (fixed and grid, defaults not included)
 * @param settings the typed parameters, defaults included
 * @param seed     training seed
 * @param fold     held-out fold (0-based), -1 without cross-validation
 */
public record RunPlan(String id, int setting, String label, Map<Parameter, String> values, RunSettings settings,
                      long seed, int fold) {

    /** Copies the map. */
    public RunPlan {
        values = Map.copyOf(values);
    }

    /**
     * A human-readable description for progress lines.
     *
     * @param folds number of folds, 0 without cross-validation
     * @return for example {@code setting 2 (lr=1e-3) seed 42 fold 1/2}
     */
    public String describe(int folds) {
        return "setting " + (setting + 1) + " (" + label + ") seed " + seed
                + (fold >= 0 ? " fold " + (fold + 1) + "/" + folds : "");
    }
}
