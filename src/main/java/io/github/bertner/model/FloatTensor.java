package io.github.bertner.model;

import java.util.Arrays;

/**
 * A float32 tensor held in plain Java memory, in row-major order. This is how weights travel
 * between safetensors files and NDArrays, and how tensors that the model keeps but does not use
 * (the BERT pooler) are held.
 *
 * @param shape the dimensions, outermost first
 * @param data the elements in row-major order; its length is the product of {@code shape}
 */
public record FloatTensor(long[] shape, float[] data) {

    /** Checks that the data length matches the shape. Arrays are kept, not copied, to spare memory. */
    public FloatTensor {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        if (n != data.length) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "shape %s needs %d elements, found %d", Arrays.toString(shape), n, data.length));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatTensor t && Arrays.equals(t.shape, shape) && Arrays.equals(t.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
