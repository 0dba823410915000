package io.github.bertner.training;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plain-Java copy of an optimizer's state, with a small binary file format (big-endian: magic,
 * update count, then name / rank / dims / float data per tensor) so that a resumed run continues
 * with the exact same moments.
 *
 * @param updates number of updates applied
 * @param tensors named tensors in a stable order
 */
public record OptimizerState(long updates, Map<String, Tensor> tensors) {

    private static final int MAGIC = 0x42544F53; // "BTOS"

    /**
     * One saved tensor.
     *
     * @param shape dimensions
     * @param data  row-major values
     */
    public record Tensor(long[] shape, float[] data) {
        /** Checks that the data length matches the shape. */
        public Tensor {
            long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            if (n != data.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                        + " values, found " + data.length);
            }
        }
    }

    /**
     * Writes the state.
     *
     * @param file target file
     * @throws IOException on write failure
     */
    public void write(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeLong(updates);
            out.writeInt(tensors.size());
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                out.writeUTF(e.getKey());
                long[] shape = e.getValue().shape();
                out.writeInt(shape.length);
                for (long d : shape) {
                    out.writeLong(d);
                }
                for (float f : e.getValue().data()) {
                    out.writeFloat(f);
                }
            }
        }
    }

    /**
     * Reads a state written by {@link #write(Path)}.
     *
     * @param file the file
     * @return the state
     * @throws IOException on read failure or a file of another format
     */
    public static OptimizerState read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IOException(file + ": expected optimizer state magic " + Integer.toHexString(MAGIC)
                        + ", found " + Integer.toHexString(magic));
            }
            long updates = in.readLong();
            int n = in.readInt();
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                long[] shape = new long[in.readInt()];
                long size = 1;
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = in.readLong();
                    size *= shape[d];
                }
                float[] data = new float[Math.toIntExact(size)];
                for (int k = 0; k < data.length; k++) {
                    data[k] = in.readFloat();
                }
                tensors.put(name, new Tensor(shape, data));
            }
            return new OptimizerState(updates, tensors);
        }
    }
}
