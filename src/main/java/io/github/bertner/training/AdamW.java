package io.github.bertner.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * AdamW (Loshchilov and Hutter) with decoupled weight decay and global-norm gradient clipping,
 * written directly on NDArrays. Written here rather than using DJL's optimizer because its first and
 * second moments live in private fields that cannot be saved; here {@link #exportState()} and
 * {@link #importState(OptimizerState)} round-trip them bit for bit, which exact resume needs.
 *
 * <p>The update follows {@code torch.optim.AdamW}: {@code p -= lr * wd * p} (decaying parameters
 * only), then {@code p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}. Biases and
 * LayerNorm scales/shifts are not decayed, the usual BERT recipe.
 *
 * <p>Call order per step: gradients from a closed {@code GradientCollector}, then
 * {@link #clipCoefficient(NDManager)}, {@link #step(NDManager, double, double)}; {@code step} zeroes
 * the gradients afterwards. Not thread-safe.
 */
public final class AdamW implements AutoCloseable {

    /** Default parameter-name test for "do not decay": biases and LayerNorm weights. */
    public static final Predicate<String> DEFAULT_NO_DECAY = name -> {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith("bias") || n.endsWith("beta") || n.endsWith("gamma")
                || n.contains("layernorm") || n.contains("layer_norm");
    };

    private final List<Pair<String, Parameter>> parameters;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final double maxGradNorm;
    private final Map<String, Boolean> decays = new LinkedHashMap<>();
    private final NDManager stateManager;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private long updates;

    private AdamW(Builder b, NDManager parent) {
        this.parameters = List.copyOf(b.parameters);
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
        this.weightDecay = b.weightDecay;
        this.maxGradNorm = b.maxGradNorm;
        this.stateManager = parent.newSubManager();
        for (Pair<String, Parameter> p : parameters) {
            Parameter param = p.getValue();
            Parameter.Type type = param.getType();
            boolean noDecay = type == Parameter.Type.BIAS || type == Parameter.Type.GAMMA
                    || type == Parameter.Type.BETA || b.noDecay.test(p.getKey());
            decays.put(p.getKey(), !noDecay);
            NDArray array = param.getArray();
            firstMoments.put(p.getKey(), stateManager.zeros(array.getShape(), array.getDataType()));
            secondMoments.put(p.getKey(), stateManager.zeros(array.getShape(), array.getDataType()));
        }
        attachGradients();
    }

    /**
     * Makes every parameter array record gradients. Needed again after weights were loaded, because
     * loading replaces the parameter arrays with fresh ones.
     */
    public void attachGradients() {
        for (Pair<String, Parameter> p : parameters) {
            NDArray array = p.getValue().getArray();
            if (!array.hasGradient()) {
                array.setRequiresGradient(true);
            }
        }
    }

    /**
     * Starts a builder.
     *
     * @return a builder with the BERT defaults (betas 0.9/0.999, eps 1e-8, weight decay 0.01,
     *         clipping at global norm 1.0)
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Tells whether weight decay applies to a parameter.
     *
     * @param name the parameter name as given to the builder
     * @return true when the parameter is decayed
     */
    public boolean decays(String name) {
        Boolean d = decays.get(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown parameter " + name);
        }
        return d;
    }

    /**
     * Names of the parameters this optimizer updates, in update order.
     *
     * @return parameter names
     */
    public List<String> parameterNames() {
        return Collections.unmodifiableList(new ArrayList<>(decays.keySet()));
    }

    /**
     * Global L2 norm of all current gradients.
     *
     * @param scratch manager that receives the temporaries (closed by the caller)
     * @return the norm before clipping
     */
    public double gradientNorm(NDManager scratch) {
        double sumSq = 0;
        for (Pair<String, Parameter> p : parameters) {
            NDArray g = gradient(p.getValue(), scratch);
            // a float sum of squares overflows once one element passes ~1.8e19: scale by the largest magnitude
            // first, so the norm is infinite only when a gradient really is (what clipping can still rescue)
            double maxAbs = g.abs().max().toType(DataType.FLOAT64, false).getDouble();
            if (!Double.isFinite(maxAbs)) {
                return maxAbs;
            }
            if (maxAbs > 0) {
                double scaled = g.div((float) maxAbs).square().sum().toType(DataType.FLOAT64, false).getDouble();
                sumSq += scaled * maxAbs * maxAbs;
            }
        }
        return Math.sqrt(sumSq);
    }

    /** Non-finite gradients named, without counts, after the detailed ones of a description. */
    static final int MAX_NAMED_NON_FINITE = 200;

    /**
     * Says which gradients are not finite, for the log line of a skipped update: a skipped update hides a
     * numerical problem, and its parameter names say where it came from (embeddings, one layer's attention,
     * the classifier…).
     *
     * @param scratch manager that receives the temporaries (closed by the caller)
     * @param limit   most parameters named
     * @return for example {@code "2 of 199 parameters: encoder.layer.3.attention.self.query.weight (NaN 12,
     *         inf 0 of 147456); also encoder.layer.3.attention.self.key.weight"} (the first {@code limit} with
     *         counts, the next {@value #MAX_NAMED_NON_FINITE} by name only: which layers and projections are hit
     *         says where the fault entered), or {@code "all finite; largest |g| 3.2e+04 in …"} when none is
     */
    public String describeNonFiniteGradients(NDManager scratch, int limit) {
        List<String> bad = new ArrayList<>();
        List<String> alsoBad = new ArrayList<>();
        int badCount = 0;
        String largestName = null;
        double largest = -1;
        for (Pair<String, Parameter> p : parameters) {
            NDArray g = gradient(p.getValue(), scratch);
            long nan = g.isNaN().countNonzero().getLong();
            long inf = g.isInfinite().countNonzero().getLong();
            if (nan > 0 || inf > 0) {
                badCount++;
                if (bad.size() < limit) {
                    bad.add(String.format(Locale.ROOT, "%s (NaN %d, inf %d of %d)", p.getKey(), nan, inf, g.size()));
                } else if (alsoBad.size() < MAX_NAMED_NON_FINITE) {
                    alsoBad.add(p.getKey());
                }
            } else {
                double maxAbs = g.abs().max().toType(DataType.FLOAT64, false).getDouble();
                if (maxAbs > largest) {
                    largest = maxAbs;
                    largestName = p.getKey();
                }
            }
        }
        if (badCount == 0) {
            return String.format(Locale.ROOT, "all finite; largest |g| %.3g in %s", largest, largestName);
        }
        return badCount + " of " + parameters.size() + " parameters: " + String.join(", ", bad)
                + (alsoBad.isEmpty() ? "" : "; also " + String.join(", ", alsoBad))
                + (badCount > bad.size() + alsoBad.size() ? ", …" : "");
    }

    /**
     * Factor that brings the global gradient norm down to the clipping threshold (1 when it is
     * already below), as {@code torch.nn.utils.clip_grad_norm_}.
     *
     * @param scratch manager that receives the temporaries
     * @return the factor to pass to {@link #step(NDManager, double, double)}
     */
    public double clipCoefficient(NDManager scratch) {
        if (maxGradNorm <= 0) {
            return 1.0;
        }
        return clipCoefficient(gradientNorm(scratch));
    }

    /**
     * Factor that brings a known global gradient norm down to the clipping threshold.
     *
     * @param norm the global gradient norm, from {@link #gradientNorm(NDManager)}
     * @return the factor to pass to {@link #step(NDManager, double, double)} (1 without clipping)
     */
    public double clipCoefficient(double norm) {
        if (maxGradNorm <= 0) {
            return 1.0;
        }
        return Math.min(1.0, maxGradNorm / (norm + 1e-6));
    }

    /**
     * Applies one update to every parameter and zeroes the gradients.
     *
     * @param scratch   manager that receives the temporaries
     * @param lr        learning rate of this update
     * @param gradScale factor applied to every gradient first (the clipping coefficient)
     */
    public void step(NDManager scratch, double lr, double gradScale) {
        updates++;
        double bc1 = 1 - Math.pow(beta1, updates);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, updates));
        for (Pair<String, Parameter> p : parameters) {
            String name = p.getKey();
            NDArray weight = p.getValue().getArray();
            NDArray g = gradient(p.getValue(), scratch);
            if (gradScale != 1.0) {
                g = g.mul((float) gradScale);
            }
            NDArray m = firstMoments.get(name);
            NDArray v = secondMoments.get(name);
            // results of out-of-place ops land on their input's manager: borrow the long-lived moments and
            // weight into the scratch scope so every temporary (sqrt, div, ...) dies with the batch
            m.tempAttach(scratch);
            v.tempAttach(scratch);
            weight.tempAttach(scratch);
            m.muli((float) beta1).addi(g.mul((float) (1 - beta1)));
            v.muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
            if (decays.get(name) && weightDecay > 0) {
                weight.muli((float) (1 - lr * weightDecay));
            }
            NDArray denom = v.sqrt().divi((float) bc2Sqrt).addi((float) epsilon);
            weight.subi(m.div(denom).muli((float) (lr / bc1)));
        }
        zeroGradients();
    }

    /** Sets every parameter gradient to zero (PyTorch accumulates gradients across backward calls). */
    public void zeroGradients() {
        for (Pair<String, Parameter> p : parameters) {
            NDArray array = p.getValue().getArray();
            if (array instanceof PtNDArray pt && array.hasGradient()) {
                JniUtils.zeroGrad(pt);
            }
        }
    }

    /**
     * Number of updates applied so far (the {@code t} of the bias correction).
     *
     * @return the update count
     */
    public long updates() {
        return updates;
    }

    /**
     * Copies the optimizer state out of native memory.
     *
     * @return update count and both moments of every parameter
     */
    public OptimizerState exportState() {
        Map<String, OptimizerState.Tensor> tensors = new LinkedHashMap<>();
        for (String name : decays.keySet()) {
            NDArray m = firstMoments.get(name);
            tensors.put("m." + name, new OptimizerState.Tensor(m.getShape().getShape(), m.toFloatArray()));
            NDArray v = secondMoments.get(name);
            tensors.put("v." + name, new OptimizerState.Tensor(v.getShape().getShape(), v.toFloatArray()));
        }
        return new OptimizerState(updates, tensors);
    }

    /**
     * Restores a state written by {@link #exportState()} for the same parameters.
     *
     * @param state the saved state
     * @throws IllegalArgumentException when a parameter is missing or has another shape
     */
    public void importState(OptimizerState state) {
        for (String name : decays.keySet()) {
            set(firstMoments, name, state.tensors().get("m." + name));
            set(secondMoments, name, state.tensors().get("v." + name));
        }
        updates = state.updates();
    }

    private void set(Map<String, NDArray> moments, String name, OptimizerState.Tensor t) {
        NDArray current = moments.get(name);
        if (t == null) {
            throw new IllegalArgumentException("optimizer state has no moment for parameter " + name);
        }
        Shape shape = new Shape(t.shape());
        if (!shape.equals(current.getShape())) {
            throw new IllegalArgumentException("optimizer state for " + name + ": expected shape "
                    + current.getShape() + ", found " + shape);
        }
        NDArray restored = stateManager.create(t.data(), shape);
        current.close();
        moments.put(name, restored);
    }

    private static NDArray gradient(Parameter parameter, NDManager scratch) {
        NDArray g = parameter.getArray().getGradient();
        g.attach(scratch);
        return g;
    }

    /**
     * Number of arrays the optimizer's own manager holds (the two moments per parameter once
     * {@link #step} has released its temporaries); lets tests catch per-step leaks.
     *
     * @return array count
     */
    int stateArrayCount() {
        return ((ai.djl.ndarray.BaseNDManager) stateManager).getManagedArrays().size();
    }

    @Override
    public void close() {
        stateManager.close();
    }

    /** Builder of {@link AdamW}. */
    public static final class Builder {
        private final List<Pair<String, Parameter>> parameters = new ArrayList<>();
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private double weightDecay = 0.01;
        private double maxGradNorm = 1.0;
        private Predicate<String> noDecay = DEFAULT_NO_DECAY;

        private Builder() {
        }

        /**
         * Sets the parameters to optimise (typically {@code block.getParameters()}).
         *
         * @param named name/parameter pairs; frozen ones should be left out
         * @return this builder
         */
        public Builder setParameters(Iterable<Pair<String, Parameter>> named) {
            parameters.clear();
            named.forEach(parameters::add);
            return this;
        }

        /**
         * Sets the exponential decay rates of the moment estimates.
         *
         * @param b1 first-moment rate
         * @param b2 second-moment rate
         * @return this builder
         */
        public Builder optBetas(double b1, double b2) {
            this.beta1 = b1;
            this.beta2 = b2;
            return this;
        }

        /**
         * Sets the denominator epsilon.
         *
         * @param eps epsilon
         * @return this builder
         */
        public Builder optEpsilon(double eps) {
            this.epsilon = eps;
            return this;
        }

        /**
         * Sets the decoupled weight decay.
         *
         * @param wd decay coefficient (0 disables)
         * @return this builder
         */
        public Builder optWeightDecay(double wd) {
            this.weightDecay = wd;
            return this;
        }

        /**
         * Sets the global gradient-norm threshold.
         *
         * @param norm maximum norm; 0 or less disables clipping
         * @return this builder
         */
        public Builder optMaxGradNorm(double norm) {
            this.maxGradNorm = norm;
            return this;
        }

        /**
         * Replaces the name test for parameters that must not be decayed (parameter types BIAS,
         * GAMMA and BETA are never decayed).
         *
         * @param test true for names without decay
         * @return this builder
         */
        public Builder optNoDecay(Predicate<String> test) {
            this.noDecay = test;
            return this;
        }

        /**
         * Builds the optimizer; its moment buffers live in a sub-manager of {@code manager}.
         *
         * @param manager parent manager, usually the model's
         * @return the optimizer
         */
        public AdamW build(NDManager manager) {
            if (parameters.isEmpty()) {
                throw new IllegalStateException("no parameters to optimise");
            }
            return new AdamW(this, manager);
        }
    }
}
