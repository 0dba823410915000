package io.github.bertner.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain-Java safetensors reading and writing, including hand-made F16/BF16/F64 files and broken files. */
class SafetensorsTest {
    @TempDir
    Path tmp;

    @Test
    void writeThenReadF32RoundTrip() throws Exception {
        Map<String, FloatTensor> t = new LinkedHashMap<>();
        t.put("a", new FloatTensor(new long[] {2, 3}, new float[] {1, -2, 3.5f, Float.MIN_VALUE, -0f, 1e30f}));
        t.put("b.scalar", new FloatTensor(new long[] {}, new float[] {7}));
        t.put("empty", new FloatTensor(new long[] {0, 4}, new float[0]));
        Path f = tmp.resolve("x.safetensors");
        SafetensorsWriter.write(f, t, Map.of("format", "pt"));
        long headerLen = ByteBuffer.wrap(Files.readAllBytes(f), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLen % 8, "header padded to 8 bytes");
        try (SafetensorsReader r = SafetensorsReader.open(f)) {
            assertEquals(Map.of("format", "pt"), r.metadata());
            assertEquals(t.keySet(), r.tensors().keySet());
            for (String name : t.keySet()) {
                assertEquals(t.get(name), r.readFloat(name), name);
            }
        }
        assertTrue(Files.notExists(tmp.resolve("x.safetensors.tmp")));
    }

    @Test
    void readsF16BF16AndF64WrittenByHand() throws Exception {
        // F16: 1.0 = 0x3C00, -2.0 = 0xC000, 0.5 = 0x3800, 65504 = 0x7BFF, smallest subnormal 0x0001, +inf 0x7C00
        short[] half = {0x3C00, (short) 0xC000, 0x3800, 0x7BFF, 0x0001, 0x7C00};
        ByteBuffer hb = ByteBuffer.allocate(half.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : half) {
            hb.putShort(s);
        }
        // BF16: upper halves of float32 bit patterns
        float[] bfValues = {1.0f, -3.5f, 0.15625f, 1e20f};
        ByteBuffer bb = ByteBuffer.allocate(bfValues.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : bfValues) {
            bb.putShort((short) (Float.floatToIntBits(v) >>> 16));
        }
        ByteBuffer db = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1).putDouble(-1e-3);
        Path f = tmp.resolve("mixed.safetensors");
        new RawSafetensors().raw("h", "F16", new long[] {2, 3}, hb.array())
                .raw("bf", "BF16", new long[] {4}, bb.array())
                .raw("d", "F64", new long[] {2}, db.array()).write(f);
        try (SafetensorsReader r = SafetensorsReader.open(f)) {
            FloatTensor h = r.readFloat("h");
            assertArrayEquals(new long[] {2, 3}, h.shape());
            assertArrayEquals(new float[] {1f, -2f, 0.5f, 65504f, 0x1p-24f, Float.POSITIVE_INFINITY}, h.data(), 0f);
            float[] bf = r.readFloat("bf").data();
            assertEquals(1.0f, bf[0], 0f);
            assertEquals(-3.5f, bf[1], 0f);
            assertEquals(0.15625f, bf[2], 0f);
            assertEquals(1e20f, bf[3], 1e20f * 0.01f, "bf16 keeps ~3 significant digits");
            assertArrayEquals(new float[] {0.1f, -1e-3f}, r.readFloat("d").data(), 0f);
        }
    }

    @Test
    void halfConversionCoversAllNormalValuesExactly() {
        for (int bits = 0; bits < 0x7C00; bits++) {
            int exp = bits >>> 10;
            int mant = bits & 0x3ff;
            double want = exp == 0 ? mant * Math.pow(2, -24) : (1 + mant / 1024.0) * Math.pow(2, exp - 15);
            assertEquals(want, SafetensorsReader.halfToFloat((short) bits), 0, "bits " + bits);
            assertEquals(-want, SafetensorsReader.halfToFloat((short) (bits | 0x8000)), 0, "bits -" + bits);
        }
        assertTrue(Float.isNaN(SafetensorsReader.halfToFloat((short) 0x7E00)));
    }

    private String refused(RawSafetensors st) throws Exception {
        Path f = tmp.resolve("bad.safetensors");
        st.write(f);
        return refused(f);
    }

    private static String refused(Path f) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> {
            try (SafetensorsReader r = SafetensorsReader.open(f)) {
                for (String n : r.tensors().keySet()) {
                    r.readFloat(n);
                }
            }
        });
        assertTrue(e.getMessage().contains(f.toString()), "message names the file: " + e.getMessage());
        return e.getMessage();
    }

    private static RawSafetensors two() {
        return new RawSafetensors().f32("w", new long[] {2, 2}, new float[] {1, 2, 3, 4})
                .f32("b", new long[] {2}, new float[] {5, 6});
    }

    @Test
    void refusesHeaderLengthPastEnd() throws Exception {
        Path f = tmp.resolve("bad.safetensors");
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN).putLong(1000);
        Files.write(f, b.array());
        assertTrue(refused(f).contains("header length 1000 points past the end of the file (32 bytes"));
    }

    @Test
    void refusesFileShorterThanLength() throws Exception {
        Path f = tmp.resolve("bad.safetensors");
        Files.write(f, new byte[] {1, 2, 3});
        assertTrue(refused(f).contains("too short"));
    }

    @Test
    void refusesTruncatedData() throws Exception {
        RawSafetensors st = two();
        Path f = tmp.resolve("bad.safetensors");
        byte[] data = st.data();
        RawSafetensors.writeRaw(f, st.headerJson(), Arrays.copyOf(data, data.length - 3));
        String m = refused(f);
        assertTrue(m.contains("truncated") && m.contains("'b'") && m.contains("[16, 24)") && m.contains("21"), m);
    }

    @Test
    void refusesInvalidJsonHeader() throws Exception {
        Path f = tmp.resolve("bad.safetensors");
        RawSafetensors.writeRaw(f, "{\"w\": {\"dtype\": \"F32\", shape: [1]", new byte[4]);
        assertTrue(refused(f).contains("invalid JSON header"));
    }

    @Test
    void refusesOverlappingOffsets() throws Exception {
        RawSafetensors st = two();
        st.get("b").offsetsOverride = new long[] {12, 20};
        st.get("b").bytes = new byte[8];
        String m = refused(st);
        assertTrue(m.contains("overlap") && m.contains("'b'") && m.contains("'w'"), m);
    }

    @Test
    void refusesShapeByteSizeDisagreement() throws Exception {
        RawSafetensors st = two();
        st.get("w").shape = new long[] {2, 3};
        String m = refused(st);
        assertTrue(m.contains("tensor 'w'") && m.contains("needs 24 bytes") && m.contains("hold 16 bytes"), m);
    }

    @Test
    void refusesIntegerDtypeAsWeight() throws Exception {
        String m = refused(new RawSafetensors().raw("q.weight", "I8", new long[] {4}, new byte[] {1, 2, 3, 4}));
        assertTrue(m.contains("tensor 'q.weight' has dtype I8") && m.contains("expected a floating-point dtype"), m);
    }

    @Test
    void refusesUnknownDtype() throws Exception {
        String m = refused(new RawSafetensors().raw("x", "F12", new long[] {1}, new byte[2]));
        assertTrue(m.contains("unknown dtype \"F12\""), m);
    }

    @Test
    void refusesTrailingBytesAndGaps() throws Exception {
        RawSafetensors st = two();
        Path f = tmp.resolve("bad.safetensors");
        byte[] data = Arrays.copyOf(st.data(), st.data().length + 4);
        RawSafetensors.writeRaw(f, st.headerJson(), data);
        assertTrue(refused(f).contains("tensors cover 24 data bytes but the file holds 28"));
        RawSafetensors gap = two();
        gap.get("b").offsetsOverride = new long[] {20, 28};
        Path g = tmp.resolve("gap.safetensors");
        RawSafetensors.writeRaw(g, gap.headerJson(), new byte[28]);
        assertTrue(refused(g).contains("gap"));
    }

    @Test
    void refusesPickleZip() throws Exception {
        Path f = tmp.resolve("pytorch_model.bin");
        Files.write(f, new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0});
        assertTrue(refused(f).contains("pickle"));
    }
}
