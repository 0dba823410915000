package io.github.bertner.importer.torch;

import java.util.Arrays;

/**
 * A tensor of a torch checkpoint: a strided view into a {@link TorchStorage}.
 *
 * @param name the state-dict key
 * @param storage the storage it views (several tensors may share one)
 * @param storageOffset index of the first element within the storage
 * @param shape the dimensions, outermost first
 * @param stride the element step of each dimension
 */
public record TorchTensor(String name, TorchStorage storage, long storageOffset, long[] shape, long[] stride) {

    /** Copies the arrays so the record stays immutable. */
    public TorchTensor {
        shape = shape.clone();
        stride = stride.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public long[] stride() {
        return stride.clone();
    }

    /**
     * The element type.
     *
     * @return the storage's dtype
     */
    public TorchDtype dtype() {
        return storage.dtype();
    }

    /**
     * Number of elements.
     *
     * @return the product of the dimensions
     */
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /**
     * Whether the elements lie in row-major order without gaps, so the tensor is one byte range
     * of its storage. Dimensions of size 1 do not matter (their stride is never used), which is
     * how torch itself decides.
     *
     * @return true for a C-contiguous layout
     */
    public boolean isContiguous() {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 0) {
                return true;
            }
            if (shape[i] != 1) {
                if (stride[i] != expected) {
                    return false;
                }
                expected *= shape[i];
            }
        }
        return true;
    }

    /**
     * Absolute file position of the first element.
     *
     * @return storage offset in the file plus this tensor's offset in bytes
     */
    public long fileOffset() {
        return storage.fileOffset() + storageOffset * storage.dtype().bytes();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TorchTensor t && t.name.equals(name) && t.storage.equals(storage)
                && t.storageOffset == storageOffset && Arrays.equals(t.shape, shape) && Arrays.equals(t.stride, stride);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + storage.dtype() + " " + Arrays.toString(shape) + " stride " + Arrays.toString(stride)
                + " @" + storageOffset + " of storage '" + storage.key() + "'";
    }
}
