package io.github.bertner.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the CPU offers for int8 products, read once from {@code /proc/cpuinfo} (Linux). An x86 CPU without a
 * VNNI dot-product instruction multiplies uint8 activations by int8 weights with {@code vpmaddubsw}, which
 * adds two products into a saturating 16-bit lane: with full-range weights (±127) the sum can pass 32,767
 * and the result is clipped, so int8 logits drift far from fp32 (measured on an AVX2-only AMD EPYC: max
 * |Δ logit| 1.1 and 13% of word tags changed on a test model). Weights of 7 bits (±63) keep every pair sum
 * in range; ONNX Runtime's quantization tool calls this {@code reduce_range}.
 */
public final class CpuFeatures {

    private static final Logger LOG = LoggerFactory.getLogger(CpuFeatures.class);
    private static final Pattern VNNI = Pattern.compile("avx512_vnni|avx_vnni|amx_int8");
    private static volatile Boolean vnni;

    private CpuFeatures() {
    }

    /**
     * @return whether int8 products need no reduced weight range here: true on a CPU with a VNNI (or AMX)
     *     instruction and on non-x86 CPUs, false on x86 without one and when the flags cannot be read on x86
     */
    public static boolean int8WithoutSaturation() {
        Boolean v = vnni;
        if (v == null) {
            v = detect(Path.of("/proc/cpuinfo"), System.getProperty("os.arch", ""));
            vnni = v;
        }
        return v;
    }

    static boolean detect(Path cpuinfo, String arch) {
        String a = arch.toLowerCase(Locale.ROOT);
        if (!(a.equals("amd64") || a.equals("x86_64") || a.equals("x86") || a.equals("i386"))) {
            return true;
        }
        try {
            String flags = Files.readAllLines(cpuinfo, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith("flags")).findFirst().orElse("");
            boolean found = VNNI.matcher(flags).find();
            LOG.debug("int8 dot-product instruction (VNNI/AMX) {}", found ? "present" : "absent");
            return found;
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read CPU flags from {}: {}; assuming no VNNI", cpuinfo, e.toString());
            return false;
        }
    }
}
