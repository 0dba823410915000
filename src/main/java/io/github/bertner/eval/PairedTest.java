package io.github.bertner.eval;

/**
 * Paired bootstrap test of strict micro F1 between two systems on the same gold standard.
 *
 * @param otherSystem name of the second system (B)
 * @param f1 strict F1 of the evaluated system (A)
 * @param otherF1 strict F1 of system B
 * @param delta {@code f1 - otherF1}
 * @param pValue two-sided p-value of "no difference"
 * @param samples number of bootstrap samples
 * @param seed random seed
 */
public record PairedTest(String otherSystem, double f1, double otherF1, double delta, double pValue,
                         int samples, long seed) {
}
