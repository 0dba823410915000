package io.github.bertner.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuFeaturesTest {

    @Test
    void vnniIsReadFromTheFlagsLine(@TempDir Path dir) throws Exception {
        Path avx2 = Files.writeString(dir.resolve("avx2"), "processor : 0\nflags : fpu sse2 avx avx2 fma\n");
        Path vnni = Files.writeString(dir.resolve("vnni"), "processor : 0\nflags : avx2 avx512f avx512_vnni\n");
        Path avxVnni = Files.writeString(dir.resolve("avxvnni"), "flags\t\t: avx2 avx_vnni\n");
        assertFalse(CpuFeatures.detect(avx2, "amd64"));
        assertTrue(CpuFeatures.detect(vnni, "amd64"));
        assertTrue(CpuFeatures.detect(avxVnni, "x86_64"));
        assertFalse(CpuFeatures.detect(dir.resolve("missing"), "amd64"), "unreadable flags: assume saturation");
        assertTrue(CpuFeatures.detect(avx2, "aarch64"), "not x86: no vpmaddubsw saturation");
    }
}
