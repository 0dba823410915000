package io.github.bertner.eval;

/**
 * A bootstrap percentile confidence interval.
 *
 * @param estimate the value on the full data
 * @param lower lower bound
 * @param upper upper bound
 * @param level coverage, e.g. 0.95
 * @param samples number of bootstrap samples
 * @param seed random seed
 */
public record ConfidenceInterval(double estimate, double lower, double upper, double level, int samples,
                                 long seed) {
}
