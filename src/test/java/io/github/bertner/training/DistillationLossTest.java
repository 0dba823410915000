package io.github.bertner.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistillationLossTest {

    /** KL(softmax(t/T) || softmax(s/T)) * T^2 for one position, computed by hand. */
    private static double kl(double[] t, double[] s, double temp) {
        double[] pt = softmax(t, temp);
        double[] ps = softmax(s, temp);
        double sum = 0;
        for (int i = 0; i < t.length; i++) {
            sum += pt[i] * (Math.log(pt[i]) - Math.log(ps[i]));
        }
        return sum * temp * temp;
    }

    private static double[] softmax(double[] x, double temp) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v / temp);
        }
        double z = 0;
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.exp(x[i] / temp - max);
            z += out[i];
        }
        for (int i = 0; i < x.length; i++) {
            out[i] /= z;
        }
        return out;
    }

    @Test
    void identicalDistributionsCostNothing() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.randomNormal(new Shape(2, 5, 4));
            NDArray mask = m.ones(new Shape(2, 5));
            assertEquals(0, DistillationLoss.loss(logits, logits.duplicate(), mask, 2f).getFloat(), 1e-6);
        }
    }

    @Test
    void matchesHandComputedMeanOverCountedPositions() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] s = {2, 0, 0, /* */ 0, 1, 0, /* */ 9, 9, 9};
            float[] t = {0, 3, 0, /* */ 0, 1, 0, /* */ 1, 2, 3};
            float[] mask = {1, 1, 0};
            double expected = (kl(new double[] {0, 3, 0}, new double[] {2, 0, 0}, 2)
                    + kl(new double[] {0, 1, 0}, new double[] {0, 1, 0}, 2)) / 2;
            NDArray loss = DistillationLoss.loss(m.create(s, new Shape(1, 3, 3)), m.create(t, new Shape(1, 3, 3)),
                    m.create(mask, new Shape(1, 3)), 2f);
            assertEquals(expected, loss.getFloat(), 1e-5);
            assertTrue(expected > 0.1, "the first position differs: " + expected);
        }
    }

    @Test
    void garbageAtMaskedPositionsChangesNothingAndGetsNoGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] s = {2, 0, 0, /* */ 0, 1, 0};
            float[] t = {0, 3, 0, /* */ 0, 0, 0};
            float[] mask = {1, 0};
            float clean = DistillationLoss.loss(m.create(s, new Shape(1, 2, 3)), m.create(t, new Shape(1, 2, 3)),
                    m.create(mask, new Shape(1, 2)), 2f).getFloat();
            float big = Float.MAX_VALUE;
            float[] sBad = {2, 0, 0, /* */ Float.NaN, big, -big};
            float[] tBad = {0, 3, 0, /* */ Float.POSITIVE_INFINITY, Float.NaN, big};
            NDArray student = m.create(sBad, new Shape(1, 2, 3));
            student.setRequiresGradient(true);
            float dirty;
            float[] grad;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = DistillationLoss.loss(student, m.create(tBad, new Shape(1, 2, 3)),
                        m.create(mask, new Shape(1, 2)), 2f);
                gc.backward(loss);
                dirty = loss.getFloat();
            }
            grad = student.getGradient().toFloatArray();
            assertEquals(clean, dirty, 1e-6);
            for (int i = 0; i < grad.length; i++) {
                assertTrue(Float.isFinite(grad[i]), "gradient " + i + " = " + grad[i]);
                if (i >= 3) {
                    assertEquals(0f, grad[i], "masked position gets no gradient");
                }
            }
            assertTrue(Math.abs(grad[0]) > 0, "the counted position is trained");
        }
    }

    @Test
    void nothingCountedGivesZeroAndABadTemperatureIsRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(1, 3, 2));
            NDArray b = m.randomNormal(new Shape(1, 3, 2));
            assertEquals(0, DistillationLoss.loss(a, b, m.zeros(new Shape(1, 3)), 1f).getFloat(), 0);
            assertThrows(IllegalArgumentException.class, () -> DistillationLoss.loss(a, b, m.ones(new Shape(1, 3)), 0f));
        }
    }
}
