package io.github.bertner.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdamWTest {

    private static SequentialBlock block(NDManager manager) {
        Engine.getInstance().setRandomSeed(1);
        SequentialBlock b = new SequentialBlock().add(Linear.builder().setUnits(3).build()).add(LayerNorm.builder().build());
        b.initialize(manager, DataType.FLOAT32, new Shape(2, 4));
        return b;
    }

    /** Loss = sum(output * c): the gradient is fixed by c. */
    private static void backward(SequentialBlock b, NDManager m) {
        backward(b, m, 1f);
    }

    private static void backward(SequentialBlock b, NDManager m, float scale) {
        NDArray x = m.create(new float[] {1, 2, 3, 4, -1, 0.5f, 2, -3}, new Shape(2, 4));
        NDArray c = m.create(new float[] {1, -2, 3, 0.5f, 4, -1}, new Shape(2, 3)).mul(scale);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray out = b.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
            gc.backward(out.mul(c).sum());
        }
    }

    private static Map<String, float[]> snapshot(SequentialBlock b) {
        Map<String, float[]> s = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : b.getParameters()) {
            s.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return s;
    }

    @Test
    void noDecayOnBiasAndLayerNorm() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock b = block(m);
            try (AdamW opt = AdamW.builder().setParameters(b.getParameters()).build(m)) {
                for (String name : opt.parameterNames()) {
                    boolean shouldDecay = name.endsWith("weight") && !name.contains("LayerNorm");
                    assertEquals(shouldDecay, opt.decays(name), name);
                }
                assertTrue(opt.parameterNames().stream().anyMatch(opt::decays));
            }
        }
    }

    @Test
    void firstStepMatchesAdamWFormula() {
        double lr = 0.01;
        double wd = 0.1;
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock b = block(m);
            try (AdamW opt = AdamW.builder().setParameters(b.getParameters()).optWeightDecay(wd).optMaxGradNorm(0).build(m);
                 NDManager scratch = m.newSubManager()) {
                Map<String, float[]> before = snapshot(b);
                backward(b, m);
                Map<String, float[]> grads = new LinkedHashMap<>();
                for (Pair<String, Parameter> p : b.getParameters()) {
                    grads.put(p.getKey(), p.getValue().getArray().getGradient().toFloatArray());
                }
                opt.step(scratch, lr, opt.clipCoefficient(scratch));
                Map<String, float[]> after = snapshot(b);
                for (String name : before.keySet()) {
                    float[] p0 = before.get(name);
                    float[] g = grads.get(name);
                    float[] p1 = after.get(name);
                    double decay = opt.decays(name) ? 1 - lr * wd : 1;
                    for (int i = 0; i < p0.length; i++) {
                        // t = 1: m_hat = g, v_hat = g^2
                        double expected = p0[i] * decay - lr * g[i] / (Math.abs(g[i]) + 1e-8);
                        assertEquals(expected, p1[i], 1e-6, name + "[" + i + "]");
                    }
                }
                // gradients are zeroed after the update
                for (Pair<String, Parameter> p : b.getParameters()) {
                    for (float f : p.getValue().getArray().getGradient().toFloatArray()) {
                        assertEquals(0f, f);
                    }
                }
            }
        }
    }

    @Test
    void clippingCoefficientScalesToMaxNorm() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock b = block(m);
            try (AdamW opt = AdamW.builder().setParameters(b.getParameters()).optMaxGradNorm(0.5).build(m);
                 NDManager scratch = m.newSubManager()) {
                backward(b, m);
                double sumSq = 0;
                for (Pair<String, Parameter> p : b.getParameters()) {
                    for (float f : p.getValue().getArray().getGradient().toFloatArray()) {
                        sumSq += f * f;
                    }
                }
                double norm = Math.sqrt(sumSq);
                assertTrue(norm > 0.5, "test gradient should exceed the threshold, was " + norm);
                assertEquals(norm, opt.gradientNorm(scratch), 1e-4);
                assertEquals(0.5 / (norm + 1e-6), opt.clipCoefficient(scratch), 1e-6);
                opt.zeroGradients();
            }
            try (AdamW opt = AdamW.builder().setParameters(b.getParameters()).optMaxGradNorm(1e6).build(m);
                 NDManager scratch = m.newSubManager()) {
                backward(b, m);
                assertEquals(1.0, opt.clipCoefficient(scratch));
                opt.zeroGradients();
            }
        }
    }

    @Test
    void stateRoundTripsExactly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock b = block(m);
            try (AdamW opt = AdamW.builder().setParameters(b.getParameters()).build(m);
                 NDManager scratch = m.newSubManager()) {
                backward(b, m);
                opt.step(scratch, 0.01, 1.0);
                OptimizerState s = opt.exportState();
                s.write(dir.resolve("opt.bin"));
                OptimizerState r = OptimizerState.read(dir.resolve("opt.bin"));
                assertEquals(1, r.updates());
                assertEquals(s.tensors().keySet(), r.tensors().keySet());
                for (String k : s.tensors().keySet()) {
                    assertArrayEquals(s.tensors().get(k).data(), r.tensors().get(k).data(), 0f);
                    assertArrayEquals(s.tensors().get(k).shape(), r.tensors().get(k).shape());
                }
                try (AdamW other = AdamW.builder().setParameters(b.getParameters()).build(m)) {
                    other.importState(r);
                    assertEquals(1, other.updates());
                    assertFalse(other.exportState().tensors().isEmpty());
                    for (String k : s.tensors().keySet()) {
                        assertArrayEquals(s.tensors().get(k).data(), other.exportState().tensors().get(k).data(), 0f);
                    }
                }
            }
        }
    }

    /** The optimizer's temporaries die with each batch scope: the arrays alive stay constant over steps. */
    @Test
    void memoryStaysFlatOverSteps() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock b = block(m);
            try (AdamW opt = AdamW.builder().setParameters(b.getParameters()).build(m)) {
                int before = -1;
                for (int step = 0; step < 25; step++) {
                    try (NDManager scratch = m.newSubManager()) {
                        backward(b, scratch);
                        opt.step(scratch, 1e-3, opt.clipCoefficient(scratch));
                    }
                    if (step == 2) {
                        before = m.getManagedArrays().size();
                    }
                }
                assertEquals(before, m.getManagedArrays().size(), "arrays leaked by AdamW.step");
                assertEquals(2 * opt.parameterNames().size(), opt.stateArrayCount(), "two moments per parameter");
            }
        }
    }

    @Test
    void gradientNormDoesNotOverflowWhereTheGradientsAreFinite() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock b = block(m);
            try (AdamW opt = AdamW.builder().setParameters(b.getParameters()).build(m);
                 NDManager scratch = m.newSubManager()) {
                backward(b, m);
                double unit = opt.gradientNorm(scratch);
                opt.zeroGradients();
                // |g| around 1e20: each square (1e40) overflows float, the norm itself does not
                backward(b, m, 1e20f);
                double huge = opt.gradientNorm(scratch);
                assertTrue(Double.isFinite(huge), "norm " + huge);
                assertEquals(unit * 1e20, huge, unit * 1e20 * 1e-5);
                assertTrue(opt.describeNonFiniteGradients(scratch, 5).startsWith("all finite; largest |g| "),
                        opt.describeNonFiniteGradients(scratch, 5));
                opt.zeroGradients();
            }
        }
    }

    @Test
    void nonFiniteGradientsAreNamed() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock b = block(m);
            try (AdamW opt = AdamW.builder().setParameters(b.getParameters()).build(m);
                 NDManager scratch = m.newSubManager()) {
                backward(b, m, Float.NaN);
                assertTrue(Double.isNaN(opt.gradientNorm(scratch)));
                String description = opt.describeNonFiniteGradients(scratch, 1);
                String first = opt.parameterNames().get(0);
                int n = opt.parameterNames().size();
                String rest = String.join(", ", opt.parameterNames().subList(1, n));
                assertEquals(n + " of " + n + " parameters: " + first + " (NaN 12, inf 0 of 12); also " + rest,
                        description);
                opt.zeroGradients();
            }
        }
    }
}
