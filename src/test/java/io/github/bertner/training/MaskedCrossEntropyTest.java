package io.github.bertner.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class MaskedCrossEntropyTest {

    private static final int I = MaskedCrossEntropy.IGNORE;

    @Test
    void matchesHandComputedMeanOverCountedPositions() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] logits = {2, 0, 0, /* */ 0, 1, 0, /* */ 5, 5, 5, /* */ 0, 0, 3};
            NDArray l = m.create(logits, new Shape(1, 4, 3));
            NDArray labels = m.create(new int[] {0, 1, I, 2}, new Shape(1, 4));
            double expected = (nll(2, 0, 0, 0) + nll(0, 1, 0, 1) + nll(0, 0, 3, 2)) / 3;
            assertEquals(expected, MaskedCrossEntropy.loss(l, labels).getFloat(), 1e-5);
        }
    }

    @Test
    void overflowingLogitsAtIgnoredPositionsCannotMakeTheLossNaN() {
        try (NDManager m = NDManager.newBaseManager()) {
            float big = Float.MAX_VALUE;
            // at the ignored position class 0 (where ignored rows are pointed) has log-probability -inf
            float[] logits = {2, 0, 0, /* */ -big, big, 0, /* */ 0, 0, 3};
            NDArray l = m.create(logits, new Shape(1, 3, 3));
            NDArray labels = m.create(new int[] {0, I, 2}, new Shape(1, 3));
            double expected = (nll(2, 0, 0, 0) + nll(0, 0, 3, 2)) / 2;
            assertEquals(expected, MaskedCrossEntropy.loss(l, labels).getFloat(), 1e-5);
        }
    }

    @Test
    void maskedPositionsGetNoGradientAndLabelsThereDoNotMatter() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.randomNormal(new Shape(2, 5, 4));
            logits.setRequiresGradient(true);
            int[] labels = {0, 3, I, I, 1, I, 2, 2, I, I};
            float loss1;
            float[] grad;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = MaskedCrossEntropy.loss(logits, m.create(labels, new Shape(2, 5)));
                loss1 = loss.getFloat();
                gc.backward(loss);
            }
            grad = logits.getGradient().toFloatArray();
            for (int pos = 0; pos < labels.length; pos++) {
                double sumAbs = 0;
                for (int c = 0; c < 4; c++) {
                    sumAbs += Math.abs(grad[pos * 4 + c]);
                }
                if (labels[pos] == I) {
                    assertEquals(0.0, sumAbs, 0.0, "gradient at ignored position " + pos);
                } else {
                    assertNotEquals(0.0, sumAbs, "gradient at counted position " + pos);
                }
            }
            // garbage labels at ignored positions: identical loss (they are never read)
            int[] other = labels.clone();
            NDArray changedLogits = logits.duplicate();
            float[] flat = changedLogits.toFloatArray();
            for (int pos = 0; pos < labels.length; pos++) {
                if (labels[pos] == I) {
                    for (int c = 0; c < 4; c++) {
                        flat[pos * 4 + c] = 1000f * (c + 1);
                    }
                }
            }
            float loss2 = MaskedCrossEntropy.loss(m.create(flat, new Shape(2, 5, 4)), m.create(other, new Shape(2, 5))).getFloat();
            assertEquals(loss1, loss2, 1e-6);
        }
    }

    @Test
    void allIgnoredGivesZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray l = m.randomNormal(new Shape(1, 3, 2));
            assertEquals(0.0, MaskedCrossEntropy.loss(l, m.create(new int[] {I, I, I}, new Shape(1, 3))).getFloat(), 0.0);
        }
    }

    private static double nll(double a, double b, double c, int gold) {
        double max = Math.max(a, Math.max(b, c));
        double lse = max + Math.log(Math.exp(a - max) + Math.exp(b - max) + Math.exp(c - max));
        double[] v = {a, b, c};
        return lse - v[gold];
    }
}
