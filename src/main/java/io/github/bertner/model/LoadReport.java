package io.github.bertner.model;

import java.util.List;

/**
 * What loading an HF checkpoint into a block did, for logging and for the CLI to show.
 *
 * @param source the checkpoint folder
 * @param loadedTensors number of parameters filled from the checkpoint
 * @param freshParameters parameters left with their fresh initialisation (a new head)
 * @param retainedTensors tensors kept unused and written back on save (the pooler)
 * @param ignoredTensors checkpoint tensors this model has no use for (other heads, buffers)
 */
public record LoadReport(String source, int loadedTensors, List<String> freshParameters,
        List<String> retainedTensors, List<String> ignoredTensors) {

    /** Copies the lists. */
    public LoadReport {
        freshParameters = List.copyOf(freshParameters);
        retainedTensors = List.copyOf(retainedTensors);
        ignoredTensors = List.copyOf(ignoredTensors);
    }
}
