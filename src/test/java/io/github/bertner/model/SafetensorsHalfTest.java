package io.github.bertner.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SafetensorsHalfTest {

    @Test
    void everyHalfValueSurvivesTheRoundTrip() {
        for (int h = 0; h < 0x10000; h++) {
            float f = SafetensorsReader.halfToFloat((short) h);
            if (Float.isNaN(f)) {
                continue;
            }
            assertEquals((short) h, SafetensorsWriter.floatToHalf(f, "t"), "half bits " + Integer.toHexString(h));
        }
    }

    @Test
    void roundsToNearestEvenAndRefusesOverflow() {
        // 1 + 2^-11 lies halfway between 1 and the next half (1 + 2^-10): ties go to the even mantissa, 1
        assertEquals((short) 0x3c00, SafetensorsWriter.floatToHalf(1f + 0x1p-11f, "t"));
        // a hair above the midpoint rounds up
        assertEquals((short) 0x3c01, SafetensorsWriter.floatToHalf(1f + 0x1p-11f + 0x1p-20f, "t"));
        // smallest subnormal half is 2^-24
        assertEquals((short) 0x0001, SafetensorsWriter.floatToHalf(0x1p-24f, "t"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafetensorsWriter.floatToHalf(70000f, "bad.weight"));
        assertEquals("tensor bad.weight: value 70000.0 does not fit float16 (expected |x| <= 65504)", e.getMessage());
    }

    @Test
    void f16FileReadsBackToTheRoundedValues(@TempDir Path dir) throws Exception {
        float[] v = {0.1f, -2.5f, 1e-5f, 3.14159f};
        SafetensorsWriter.write(dir.resolve("m.safetensors"), Map.of("w", new FloatTensor(new long[] {2, 2}, v)),
                Map.of(), true);
        try (SafetensorsReader r = SafetensorsReader.open(dir.resolve("m.safetensors"))) {
            float[] back = r.readFloat("w").data();
            for (int i = 0; i < v.length; i++) {
                assertEquals(SafetensorsReader.halfToFloat(SafetensorsWriter.floatToHalf(v[i], "w")), back[i]);
            }
            assertArrayEquals(new long[] {2, 2}, r.readFloat("w").shape());
        }
    }
}
