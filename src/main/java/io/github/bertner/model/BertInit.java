package io.github.bertner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Hugging Face's BERT initialisation ({@code BertPreTrainedModel._init_weights}) expressed as DJL
 * initializers: normal(0, initializer_range) for Linear and Embedding weights, zero biases,
 * LayerNorm weight 1 and bias 0, and a zero row for the padding id of the word embeddings.
 *
 * <p>Each parameter draws from its own generator seeded by the model seed and the parameter's
 * name, so values do not depend on the order in which DJL initializes parameters, and the encoder
 * gets the same weights for a seed whichever head sits on top of it. Because the name is part of
 * the seed, renaming or re-nesting a block changes its fresh weights; {@code HfParameterNamesTest}
 * pins both the names and the values.
 */
public final class BertInit {
    private BertInit() {
    }

    /**
     * The value a parameter gets in a fresh model of this seed, computed in plain Java, for code that writes
     * checkpoint files without building a model (a distillation student's fresh head): the same numbers
     * {@link #assign} gives the parameter of that name.
     *
     * @param name   the parameter's HF name without the {@code bert.} prefix, e.g. {@code classifier.weight}
     * @param shape  its shape
     * @param config supplies initializer_range and pad_token_id
     * @param seed   the model seed
     * @return the fresh tensor
     */
    public static FloatTensor fresh(String name, long[] shape, BertConfig config, long seed) {
        float[] data = new float[Math.toIntExact(java.util.Arrays.stream(shape).reduce(1, Math::multiplyExact))];
        if (name.endsWith("LayerNorm.weight")) {
            java.util.Arrays.fill(data, 1f);
        } else if (!name.endsWith(".bias")) {
            normal(data, config.initializerRange(), paramSeed(seed, name));
            if (name.equals(WORD_EMBEDDINGS) && shape.length == 2) {
                int cols = Math.toIntExact(shape[1]);
                java.util.Arrays.fill(data, config.padTokenId() * cols, (config.padTokenId() + 1) * cols, 0f);
            }
        }
        return new FloatTensor(shape.clone(), data);
    }

    private static final String WORD_EMBEDDINGS = "embeddings.word_embeddings.weight";

    private static long paramSeed(long seed, String name) {
        return seed * 0x9E3779B97F4A7C15L + name.hashCode();
    }

    private static void normal(float[] data, double std, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (rnd.nextGaussian() * std);
        }
    }

    /**
     * Sets the initializer of every parameter.
     *
     * @param params parameters keyed by names that are stable for the seed (HF names without the
     *     {@code bert.} prefix)
     * @param config supplies initializer_range and pad_token_id
     * @param seed the model seed
     */
    static void assign(Map<String, Parameter> params, BertConfig config, long seed) {
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            String name = e.getKey();
            Parameter p = e.getValue();
            if (name.endsWith("LayerNorm.weight")) {
                p.setInitializer(Initializer.ONES);
            } else if (name.endsWith(".bias")) {
                p.setInitializer(Initializer.ZEROS);
            } else {
                int zeroRow = name.equals(WORD_EMBEDDINGS) ? config.padTokenId() : -1;
                p.setInitializer(new SeededNormal(config.initializerRange(), paramSeed(seed, name), zeroRow));
            }
        }
    }

    /** Normal(0, std) from a private generator; optionally zeroes one row (HF padding_idx). */
    static final class SeededNormal implements Initializer {
        private final double std;
        private final long seed;
        private final int zeroRow;

        SeededNormal(double std, long seed, int zeroRow) {
            this.std = std;
            this.seed = seed;
            this.zeroRow = zeroRow;
        }

        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            long n = shape.size();
            float[] data = new float[Math.toIntExact(n)];
            normal(data, std, seed);
            if (zeroRow >= 0 && shape.dimension() == 2) {
                int cols = (int) shape.get(1);
                java.util.Arrays.fill(data, zeroRow * cols, (zeroRow + 1) * cols, 0f);
            }
            NDArray a = manager.create(data, shape);
            return dataType == DataType.FLOAT32 ? a : a.toType(dataType, false);
        }
    }

    /** Hands out a fixed tensor, used to load checkpoint values without a random fill first. */
    static final class Fixed implements Initializer {
        private final FloatTensor tensor;

        Fixed(FloatTensor tensor) {
            this.tensor = tensor;
        }

        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            if (!shape.equals(new Shape(tensor.shape()))) {
                throw new IllegalStateException("checkpoint tensor " + tensor + " does not fit parameter shape " + shape);
            }
            NDArray a = manager.create(tensor.data(), shape);
            return dataType == DataType.FLOAT32 ? a : a.toType(dataType, false);
        }
    }
}
