package io.github.bertner.importer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;

/**
 * An ONNX {@code TensorProto} (1 dims, 2 data_type, 4 float_data, 5 int32_data, 7 int64_data,
 * 8 name, 9 raw_data, 10 double_data, 14 data_location). Raw data stays a slice of the file's
 * bytes until a value is asked for; ONNX stores raw data little-endian.
 *
 * @param name     tensor name
 * @param dataType ONNX element type code (1 FLOAT, 2 UINT8, 3 INT8, 6 INT32, 7 INT64, 10 FLOAT16,
 *                 11 DOUBLE, 16 BFLOAT16, …)
 * @param dims     shape, outermost first
 * @param raw      the array holding {@code raw_data}, or null
 * @param rawOffset start of {@code raw_data} in {@code raw}
 * @param rawLength length of {@code raw_data}
 * @param floatData {@code float_data} when given instead of raw data
 * @param longData {@code int64_data}, or {@code int32_data} widened, when given instead of raw data
 * @param external whether the data lives in an external file
 */
public record OnnxTensor(String name, int dataType, long[] dims, byte[] raw, int rawOffset, int rawLength,
                         float[] floatData, long[] longData, boolean external) {

    /** ONNX FLOAT. */
    public static final int FLOAT = 1;
    /** ONNX UINT8. */
    public static final int UINT8 = 2;
    /** ONNX INT8. */
    public static final int INT8 = 3;
    /** ONNX INT32. */
    public static final int INT32 = 6;
    /** ONNX INT64. */
    public static final int INT64 = 7;
    /** ONNX FLOAT16. */
    public static final int FLOAT16 = 10;
    /** ONNX DOUBLE. */
    public static final int DOUBLE = 11;
    /** ONNX BFLOAT16. */
    public static final int BFLOAT16 = 16;

    static OnnxTensor parse(ProtoReader r) {
        String name = "";
        int type = 0;
        long[] dims = new long[0];
        int[] rawSlice = null;
        FloatList floats = new FloatList();
        LongList longs = new LongList();
        boolean external = false;
        LongList dimList = new LongList();
        while (r.next()) {
            switch (r.fieldNumber()) {
                case 1 -> r.varints(dimList::add);
                case 2 -> type = (int) r.varint();
                case 4 -> r.floats(floats::add);
                case 5, 7 -> r.varints(longs::add);
                case 8 -> name = r.string();
                case 9 -> rawSlice = r.bytesSlice();
                case 10 -> {
                    if (r.wireType() == ProtoReader.LENGTH_DELIMITED) {
                        int[] s = r.bytesSlice();
                        ByteBuffer bb = ByteBuffer.wrap(r.buffer(), s[0], s[1]).order(ByteOrder.LITTLE_ENDIAN);
                        while (bb.remaining() >= 8) {
                            floats.add((float) bb.getDouble());
                        }
                    } else {
                        floats.add((float) r.fixed64Double());
                    }
                }
                case 14 -> external = r.varint() == 1;
                default -> r.skip();
            }
        }
        dims = dimList.toArray();
        return new OnnxTensor(name, type, dims, rawSlice == null ? null : r.buffer(),
                rawSlice == null ? 0 : rawSlice[0], rawSlice == null ? 0 : rawSlice[1],
                floats.toArray(), longs.toArray(), external);
    }

    /**
     * A constant int64 tensor, for {@code Constant} nodes given by {@code value_ints}.
     *
     * @param name   tensor name
     * @param values the values (a 1-D tensor)
     * @return the tensor
     */
    static OnnxTensor ofLongs(String name, long[] values) {
        return new OnnxTensor(name, INT64, new long[] {values.length}, null, 0, 0, new float[0], values.clone(), false);
    }

    /** @return number of elements (product of dims; 1 for a scalar) */
    public long numel() {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** @return the ONNX name of the element type */
    public String typeName() {
        return switch (dataType) {
            case FLOAT -> "FLOAT";
            case UINT8 -> "UINT8";
            case INT8 -> "INT8";
            case INT32 -> "INT32";
            case INT64 -> "INT64";
            case FLOAT16 -> "FLOAT16";
            case DOUBLE -> "DOUBLE";
            case BFLOAT16 -> "BFLOAT16";
            default -> "type " + dataType;
        };
    }

    /**
     * The values as floats (FLOAT, FLOAT16, BFLOAT16, DOUBLE; integer types converted).
     *
     * @return row-major values
     * @throws OnnxFormatException when the data is external or its size disagrees with the shape
     */
    public float[] toFloats() {
        checkInline();
        int n = Math.toIntExact(numel());
        if (raw == null) {
            if (floatData.length == n) {
                return floatData.clone();
            }
            if (longData.length == n) {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = longData[i];
                }
                return f;
            }
            throw sizeMismatch(Math.max(floatData.length, longData.length));
        }
        ByteBuffer bb = ByteBuffer.wrap(raw, rawOffset, rawLength).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[n];
        switch (dataType) {
            case FLOAT -> {
                requireBytes(4L * n);
                bb.asFloatBuffer().get(f);
            }
            case DOUBLE -> {
                requireBytes(8L * n);
                for (int i = 0; i < n; i++) {
                    f[i] = (float) bb.getDouble();
                }
            }
            case FLOAT16 -> {
                requireBytes(2L * n);
                for (int i = 0; i < n; i++) {
                    f[i] = io.github.bertner.model.SafetensorsReader.halfToFloat(bb.getShort());
                }
            }
            case BFLOAT16 -> {
                requireBytes(2L * n);
                for (int i = 0; i < n; i++) {
                    f[i] = Float.intBitsToFloat((bb.getShort() & 0xFFFF) << 16);
                }
            }
            case UINT8, INT8, INT32, INT64 -> {
                long[] l = toLongs();
                for (int i = 0; i < n; i++) {
                    f[i] = l[i];
                }
            }
            default -> throw new OnnxFormatException("tensor '" + name + "': expected a numeric type, found "
                    + typeName());
        }
        return f;
    }

    /**
     * The values as longs (INT64, INT32, INT8, UINT8 — UINT8 as 0..255).
     *
     * @return row-major values
     * @throws OnnxFormatException when the type is not an integer type
     */
    public long[] toLongs() {
        checkInline();
        int n = Math.toIntExact(numel());
        if (raw == null) {
            if (longData.length == n) {
                return longData.clone();
            }
            throw sizeMismatch(longData.length);
        }
        ByteBuffer bb = ByteBuffer.wrap(raw, rawOffset, rawLength).order(ByteOrder.LITTLE_ENDIAN);
        long[] l = new long[n];
        switch (dataType) {
            case INT64 -> {
                requireBytes(8L * n);
                for (int i = 0; i < n; i++) {
                    l[i] = bb.getLong();
                }
            }
            case INT32 -> {
                requireBytes(4L * n);
                for (int i = 0; i < n; i++) {
                    l[i] = bb.getInt();
                }
            }
            case INT8 -> {
                requireBytes(n);
                for (int i = 0; i < n; i++) {
                    l[i] = bb.get();
                }
            }
            case UINT8 -> {
                requireBytes(n);
                for (int i = 0; i < n; i++) {
                    l[i] = bb.get() & 0xFF;
                }
            }
            default -> throw new OnnxFormatException("tensor '" + name + "': expected an integer type, found "
                    + typeName());
        }
        return l;
    }

    private void checkInline() {
        if (external) {
            throw new OnnxFormatException("tensor '" + name + "' keeps its data in an external file; "
                    + "expected the weights inside the .onnx file (re-export without external data)");
        }
    }

    private void requireBytes(long needed) {
        if (rawLength != needed) {
            throw sizeMismatch(rawLength);
        }
    }

    private OnnxFormatException sizeMismatch(long found) {
        return new OnnxFormatException(String.format(Locale.ROOT,
                "tensor '%s' %s of shape %s: data size does not match the shape (found %d)", name, typeName(),
                Arrays.toString(dims), found));
    }

    @Override
    public String toString() {
        return name + " " + typeName() + Arrays.toString(dims);
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    /** Growable float list without boxing. */
    private static final class FloatList {
        private float[] a = new float[0];
        private int n;

        void add(float f) {
            if (n == a.length) {
                a = Arrays.copyOf(a, Math.max(8, n * 2));
            }
            a[n++] = f;
        }

        float[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    /** Growable long list without boxing. */
    private static final class LongList {
        private long[] a = new long[0];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, Math.max(8, n * 2));
            }
            a[n++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
