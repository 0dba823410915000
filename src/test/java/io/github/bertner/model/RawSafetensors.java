package io.github.bertner.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only safetensors builder written independently of {@link SafetensorsWriter}, able to
 * produce any dtype and deliberately broken files (wrong offsets, wrong sizes, raw headers).
 */
final class RawSafetensors {
    /** One tensor: header fields plus its raw bytes. */
    static final class Entry {
        final String name;
        String dtype;
        long[] shape;
        byte[] bytes;
        long[] offsetsOverride;

        Entry(String name, String dtype, long[] shape, byte[] bytes) {
            this.name = name;
            this.dtype = dtype;
            this.shape = shape;
            this.bytes = bytes;
        }
    }

    final List<Entry> entries = new ArrayList<>();

    RawSafetensors f32(String name, long[] shape, float[] data) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) {
            b.putFloat(f);
        }
        entries.add(new Entry(name, "F32", shape, b.array()));
        return this;
    }

    RawSafetensors raw(String name, String dtype, long[] shape, byte[] bytes) {
        entries.add(new Entry(name, dtype, shape, bytes));
        return this;
    }

    Entry get(String name) {
        return entries.stream().filter(e -> e.name.equals(name)).findFirst().orElseThrow();
    }

    RawSafetensors remove(String name) {
        entries.removeIf(e -> e.name.equals(name));
        return this;
    }

    String headerJson() {
        JsonObject h = new JsonObject();
        JsonObject meta = new JsonObject();
        meta.addProperty("format", "pt");
        h.add("__metadata__", meta);
        long off = 0;
        for (Entry e : entries) {
            JsonObject o = new JsonObject();
            o.addProperty("dtype", e.dtype);
            JsonArray s = new JsonArray();
            for (long d : e.shape) {
                s.add(d);
            }
            o.add("shape", s);
            JsonArray offs = new JsonArray();
            long[] use = e.offsetsOverride != null ? e.offsetsOverride : new long[] {off, off + e.bytes.length};
            offs.add(use[0]);
            offs.add(use[1]);
            o.add("data_offsets", offs);
            h.add(e.name, o);
            off += e.bytes.length;
        }
        return h.toString();
    }

    byte[] data() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Entry e : entries) {
            out.writeBytes(e.bytes);
        }
        return out.toByteArray();
    }

    void write(Path file) throws IOException {
        writeRaw(file, headerJson(), data());
    }

    static void writeRaw(Path file, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Files.write(file, b.array());
    }
}
