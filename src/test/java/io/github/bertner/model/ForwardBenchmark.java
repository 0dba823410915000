package io.github.bertner.model;

import ai.djl.Device;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Benchmark (not a test) of the model package on the current machine, reported through SLF4J:
 * <ol>
 *   <li>fp32 GEMM throughput: 1024x1024 by 1024x1024 matmul through DJL/PyTorch;</li>
 *   <li>forward throughput of a BERT-base-sized token classifier (12 layers, hidden 768,
 *       vocab 30522) on random weights, batch 8 x 128 pieces, through
 *       {@link TokenClassifierModel#logits};</li>
 *   <li>memory flatness: resident set size and arrays on the model manager across many forward
 *       passes of the tiny preset.</li>
 * </ol>
 * Arguments (all optional): the part to run ({@code all}, {@code gemm}, {@code base} or
 * {@code memory}; default {@code all}, which measures memory first so the base model's heap does not
 * blur the RSS series), then the repetitions of that part (GEMM 20, base 5, memory 1000 passes).
 * See docs/benchmarks-model.md for the command.
 */
public final class ForwardBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardBenchmark.class);

    private ForwardBenchmark() {
    }

    /**
     * Runs the measurements.
     *
     * @param args part ({@code all|gemm|base|memory}) and optional repetition count
     * @throws IOException when /proc cannot be read
     */
    public static void main(String[] args) throws IOException {
        String part = args.length > 0 ? args[0] : "all";
        Integer reps = args.length > 1 ? Integer.valueOf(args[1]) : null;
        LOG.info("machine: {} cores, load average {}, java {}, max heap {} MB",
                Runtime.getRuntime().availableProcessors(), loadAverage(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        switch (part) {
            case "all" -> {
                memory(1000);
                gemm(20);
                baseForward(5);
            }
            case "gemm" -> gemm(reps != null ? reps : 20);
            case "base" -> baseForward(reps != null ? reps : 5);
            case "memory" -> memory(reps != null ? reps : 1000);
            default -> throw new IllegalArgumentException("unknown part \"" + part + "\"; expected all, gemm, base or memory");
        }
        LOG.info("load average at the end: {}", loadAverage());
    }

    private static void gemm(int reps) {
        int n = 1024;
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            for (int i = 0; i < 3; i++) {
                try (NDArray c = a.matMul(b)) {
                    c.toFloatArray();
                }
            }
            double[] ms = new double[reps];
            for (int i = 0; i < reps; i++) {
                long t = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0);
                }
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            double flop = 2.0 * n * n * n;
            LOG.info(String.format(Locale.ROOT,
                    "GEMM %dx%d fp32, %d reps: median %.1f ms = %.1f GFLOP/s, best %.1f ms = %.1f GFLOP/s", n, n,
                    reps, ms[reps / 2], flop / ms[reps / 2] / 1e6, ms[0], flop / ms[0] / 1e6));
        }
    }

    private static void baseForward(int reps) {
        int batch = 8;
        int seq = 128;
        BertConfig cfg = BertConfig.preset("base", 30522);
        List<String> labels = List.of("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC");
        long t0 = System.nanoTime();
        try (TokenClassifierModel model = TokenClassifierModel.create(cfg, labels, Device.cpu(), 1)) {
            long params = model.parameters().values().stream().mapToLong(p -> p.getShape().size()).sum();
            LOG.info(String.format(Locale.ROOT, "base model: %,d parameters, created in %.1f s", params,
                    (System.nanoTime() - t0) / 1e9));
            int[][] ids = randomIds(new Random(1), batch, seq, cfg.vocabSize());
            int[][] mask = fullMask(batch, seq);
            model.logits(ids, mask);
            double[] s = new double[reps];
            for (int i = 0; i < reps; i++) {
                long t = System.nanoTime();
                model.logits(ids, mask);
                s[i] = (System.nanoTime() - t) / 1e9;
            }
            Arrays.sort(s);
            LOG.info(String.format(Locale.ROOT,
                    "base forward B=%d S=%d, %d reps: median %.2f s/batch = %.0f tokens/s, best %.2f s = %.0f tokens/s,"
                            + " RSS %d MB", batch, seq, reps, s[reps / 2], batch * seq / s[reps / 2], s[0],
                    batch * seq / s[0], rssMb()));
        }
    }

    private static void memory(int passes) throws IOException {
        BertConfig cfg = BertConfig.preset("tiny", 30522);
        int batch = 8;
        int seq = 64;
        try (TokenClassifierModel model = TokenClassifierModel.create(cfg, List.of("O", "B", "I"), Device.cpu(), 2)) {
            BaseNDManager base = (BaseNDManager) model.djlModel().getNDManager();
            Random r = new Random(3);
            List<String> rows = new ArrayList<>();
            long t = System.nanoTime();
            for (int i = 1; i <= passes; i++) {
                int len = 16 + r.nextInt(seq - 15);
                int[][] mask = new int[batch][seq];
                for (int[] row : mask) {
                    Arrays.fill(row, 0, len, 1);
                }
                model.logits(randomIds(r, batch, seq, cfg.vocabSize()), mask);
                if (i == 1 || i == 10 || i % Math.max(1, passes / 5) == 0) {
                    Runtime rt = Runtime.getRuntime();
                    rows.add(String.format(Locale.ROOT, "pass %d: RSS %d MB, Java heap used %d MB, arrays on model manager %d",
                            i, rssMb(), (rt.totalMemory() - rt.freeMemory()) >> 20, base.getManagedArrays().size()));
                }
            }
            double secs = (System.nanoTime() - t) / 1e9;
            rows.forEach(LOG::info);
            LOG.info(String.format(Locale.ROOT, "tiny forward B=%d S=%d: %d passes in %.1f s = %.1f batches/s",
                    batch, seq, passes, secs, passes / secs));
        }
    }

    private static int[][] randomIds(Random r, int b, int s, int vocab) {
        int[][] ids = new int[b][s];
        for (int[] row : ids) {
            for (int j = 0; j < s; j++) {
                row[j] = 1 + r.nextInt(vocab - 1);
            }
        }
        return ids;
    }

    private static int[][] fullMask(int b, int s) {
        int[][] m = new int[b][s];
        for (int[] row : m) {
            Arrays.fill(row, 1);
        }
        return m;
    }

    private static long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.debug("no /proc/self/status", e);
        }
        return -1;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
