package io.github.bertner.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Writes float32 tensors to a {@code .safetensors} file in plain Java. The header is padded with
 * spaces to a multiple of 8 bytes, as the reference implementation does, and the file is written
 * to a temporary sibling first and then moved into place, so a crash never leaves a half-written
 * checkpoint under the final name.
 */
public final class SafetensorsWriter {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private SafetensorsWriter() {
    }

    /**
     * Writes tensors as F32.
     *
     * @param file the target file; replaced when it exists
     * @param tensors name to tensor, written in this order
     * @param metadata the {@code __metadata__} entries; may be empty
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, Map<String, FloatTensor> tensors, Map<String, String> metadata)
            throws IOException {
        write(file, tensors, metadata, false);
    }

    /**
     * Writes tensors as F32, or as F16 (IEEE binary16, round to nearest even) for shipped models:
     * half the size, and fine-tuned BERT weights lie well inside F16's range (a value beyond
     * ±65504 is refused rather than turned into infinity).
     *
     * @param file the target file; replaced when it exists
     * @param tensors name to tensor, written in this order
     * @param metadata the {@code __metadata__} entries; may be empty
     * @param half write F16 instead of F32
     * @throws IOException when the file cannot be written
     * @throws IllegalArgumentException naming the tensor when a value does not fit F16
     */
    public static void write(Path file, Map<String, FloatTensor> tensors, Map<String, String> metadata, boolean half)
            throws IOException {
        int width = half ? 2 : 4;
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        long offset = 0;
        for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("a tensor cannot be named __metadata__");
            }
            JsonObject entry = new JsonObject();
            entry.addProperty("dtype", half ? "F16" : "F32");
            JsonArray shape = new JsonArray();
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            entry.add("shape", shape);
            JsonArray offsets = new JsonArray();
            long end = offset + (long) width * e.getValue().data().length;
            offsets.add(offset);
            offsets.add(end);
            entry.add("data_offsets", offsets);
            header.add(e.getKey(), entry);
            offset = end;
        }
        byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(json);
            for (int i = json.length; i < padded; i++) {
                out.write(' ');
            }
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
                float[] d = e.getValue().data();
                int i = 0;
                while (i < d.length) {
                    chunk.clear();
                    int n = Math.min(d.length - i, chunk.capacity() / width);
                    if (half) {
                        for (int k = 0; k < n; k++) {
                            chunk.putShort(floatToHalf(d[i + k], e.getKey()));
                        }
                    } else {
                        chunk.asFloatBuffer().put(d, i, n);
                    }
                    out.write(chunk.array(), 0, n * width);
                    i += n;
                }
            }
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Rounds a float to IEEE binary16 (nearest, ties to even), keeping subnormals, signed zero and NaN.
     *
     * @param f the value
     * @param tensor tensor name for the message
     * @return the 16 bits
     * @throws IllegalArgumentException when |f| is finite but beyond F16's largest value
     */
    static short floatToHalf(float f, String tensor) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            throw new IllegalArgumentException("tensor " + tensor + ": value " + f
                    + " does not fit float16 (expected |x| <= 65504)");
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            int m = mant | 0x800000;
            int shift = 14 - e;
            int half = m >>> shift;
            int rest = m & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rest > mid || (rest == mid && (half & 1) == 1)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = sign | (e << 10) | (mant >>> 13);
        int rest = mant & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
            half++;
            if ((half & 0x7c00) == 0x7c00) {
                throw new IllegalArgumentException("tensor " + tensor + ": value " + f
                        + " does not fit float16 (expected |x| <= 65504)");
            }
        }
        return (short) half;
    }
}
