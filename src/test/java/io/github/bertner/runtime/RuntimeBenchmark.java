package io.github.bertner.runtime;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.bertner.eval.Evaluator;
import io.github.bertner.inference.NerPredictor;
import io.github.bertner.inference.SentencePrediction;
import io.github.bertner.model.BertConfig;
import io.github.bertner.model.HfCheckpoint;
import io.github.bertner.model.ModelSettings;
import io.github.bertner.model.SequenceContext;
import io.github.bertner.model.TokenClassifierModel;
import io.github.bertner.runtime.BertOnnxExporter.Precision;
import io.github.bertner.runtime.BertOnnxExporter.QuantizedMatMul;
import io.github.bertner.runtime.BertOnnxExporter.WeightQuantization;
import io.github.bertner.tokenization.Batches;
import io.github.bertner.tokenization.EncodedBatch;
import io.github.bertner.tokenization.EncodedWindow;
import io.github.bertner.tokenization.SequenceEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the three runtimes against each other in one JVM on a CoNLL-2003 file: GEMM rates
 * (PyTorch fp32, ONNX Runtime fp32 and int8), the model's FLOPs per piece, forward-only speed and
 * logit differences of every ONNX variant on the file's real windows, and tagging speed, label
 * agreement and strict F1 of {@code pytorch}, {@code onnx} and {@code onnx-int8} through
 * {@link NerPredictor}. Runs are interleaved (batch by batch, document chunk by document chunk) so
 * that load from other processes hits every runtime alike. Writes a Markdown report.
 *
 * <p>Arguments: {@code <conll file> <model> <report.md> [threads]}; the model is a folder, or
 * {@code random-PRESET@FOLDER} for a random-weight model of a size preset that takes vocabulary,
 * tokenizer and labels from FOLDER (speed does not depend on the weights). Threads (default: the
 * number of processors) are given to ONNX Runtime; PyTorch takes DJL's settings.
 */
public final class RuntimeBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeBenchmark.class);
    private static final int BATCH = 32;
    private static final int GEMM_N = 1024;
    private static final int GEMM_REPS = 15;
    private static final int CHUNKS = 3;

    private RuntimeBenchmark() {
    }

    /** A document of sentences: words and gold tags. */
    private record Doc(List<List<String>> words, List<List<String>> gold) {
    }

    /** One forward-only variant. */
    private record Variant(String name, PieceLogits logits) {
    }

    /**
     * Runs the benchmark.
     *
     * @param args conll file, model folder, report file, optional thread count
     * @throws Exception when a file cannot be read or a runtime fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("expected <conll file> <model folder> <report.md> [threads], found "
                    + args.length + " arguments");
        }
        Path conll = Path.of(args[0]);
        Path modelDir = model(args[1]);
        Path report = Path.of(args[2]);
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
        StringBuilder md = new StringBuilder();
        String loadStart = loadAverage();
        Instant started = Instant.now();
        List<Doc> docs = read(conll);
        long words = docs.stream().flatMap(d -> d.words().stream()).mapToLong(List::size).sum();
        LOG.info("{}: {} documents, {} words; load {}", conll, docs.size(), words, loadStart);

        String gemm = gemm(threads);
        LOG.info("GEMM:\n{}", gemm);

        StringBuilder forward = new StringBuilder();
        String flops;
        try (TokenClassifierModel model = TokenClassifierModel.load(modelDir, Device.cpu());
             NerPredictor probe = NerPredictor.builder(modelDir).optDevice("cpu").build()) {
            List<EncodedBatch> batches = batches(probe.encoder(), docs, probe);
            flops = flops(model.config(), model.labels().size(), batches, words, probe.settings());
            LOG.info("FLOPs:\n{}", flops);
            forward(model, batches, threads, forward);
        }
        LOG.info("forward:\n{}", forward);

        String tagging = tagging(modelDir, docs, words, threads);
        LOG.info("tagging:\n{}", tagging);

        md.append("## GEMM rate (1024 × 1024 × 1024, interleaved repetitions)\n\n").append(gemm).append('\n');
        md.append("## Model cost\n\n").append(flops).append('\n');
        md.append("## Forward only, all windows of the file (batches of ").append(BATCH)
                .append(" windows sorted by length, interleaved batch by batch)\n\n").append(forward).append('\n');
        md.append("## Tagging through NerPredictor (tokenize, batch, forward, decode), one pass per runtime, "
                + "interleaved in ").append(CHUNKS).append(" chunks of documents\n\n").append(tagging).append('\n');
        md.append(String.format(Locale.ROOT, "Started %s; load average (1/5/15 min) %s at start, %s at end; "
                + "%d processors, ONNX Runtime intra-op threads %d; JVM RSS at end %d MiB.%n", started, loadStart,
                loadAverage(), Runtime.getRuntime().availableProcessors(), threads, rssKiB() >> 10));
        Files.writeString(report, md.toString(), StandardCharsets.UTF_8);
        LOG.info("report written to {}", report);
    }

    private static Path model(String arg) throws IOException {
        if (!arg.startsWith("random-")) {
            return Path.of(arg);
        }
        int at = arg.indexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("expected random-PRESET@FOLDER, found '" + arg + "'");
        }
        Path source = Path.of(arg.substring(at + 1));
        BertConfig from = HfCheckpoint.readConfig(source);
        BertConfig config = BertConfig.preset(arg.substring("random-".length(), at), from.vocabSize());
        Path dir = Files.createTempDirectory("bertner-runtime-bench");
        try (TokenClassifierModel m = TokenClassifierModel.create(config, from.labels(), Device.cpu(), 1)) {
            m.setVocabulary(Files.readAllLines(source.resolve(HfCheckpoint.VOCAB_FILE), StandardCharsets.UTF_8));
            ModelSettings.read(from, java.util.Optional.empty(), source.toString()).writeTo(m);
            m.setTokenizerConfig(Files.readString(source.resolve(HfCheckpoint.TOKENIZER_CONFIG_FILE),
                    StandardCharsets.UTF_8));
            m.save(dir);
        }
        LOG.info("random {} model with the vocabulary of {} in {}", config, source, dir);
        return dir;
    }

    private static List<Doc> read(Path file) throws IOException {
        List<Doc> docs = new ArrayList<>();
        List<List<String>> words = new ArrayList<>();
        List<List<String>> gold = new ArrayList<>();
        List<String> w = new ArrayList<>();
        List<String> g = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("-DOCSTART-")) {
                if (!w.isEmpty()) {
                    words.add(w);
                    gold.add(g);
                    w = new ArrayList<>();
                    g = new ArrayList<>();
                }
                if (t.startsWith("-DOCSTART-") && !words.isEmpty()) {
                    docs.add(new Doc(words, gold));
                    words = new ArrayList<>();
                    gold = new ArrayList<>();
                }
                continue;
            }
            String[] cols = t.split("\\s+");
            w.add(cols[0]);
            g.add(cols[cols.length - 1]);
        }
        if (!w.isEmpty()) {
            words.add(w);
            gold.add(g);
        }
        if (!words.isEmpty()) {
            docs.add(new Doc(words, gold));
        }
        return docs;
    }

    // ---------------------------------------------------------------- GEMM

    private static String gemm(int threads) throws OrtException {
        int n = GEMM_N;
        Random r = new Random(1);
        float[] af = new float[n * n];
        float[] bf = new float[n * n];
        byte[] au = new byte[n * n];
        byte[] bs = new byte[n * n];
        for (int i = 0; i < n * n; i++) {
            af[i] = (float) r.nextGaussian();
            bf[i] = (float) r.nextGaussian();
            au[i] = (byte) r.nextInt(256);
            bs[i] = (byte) (r.nextInt(255) - 127);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        double[][] ms = new double[3][GEMM_REPS];
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch");
             OrtSession.SessionOptions opts = options(threads);
             OrtSession fp32 = env.createSession(gemmGraph(false, bf, bs), opts);
             OrtSession int8 = env.createSession(gemmGraph(true, bf, bs), opts);
             OnnxTensor fa = OnnxTensor.createTensor(env, FloatBuffer.wrap(af), new long[] {n, n});
             OnnxTensor ua = OnnxTensor.createTensor(env, ByteBuffer.allocateDirect(n * n).put(au).flip(),
                     new long[] {n, n}, ai.onnxruntime.OnnxJavaType.UINT8)) {
            NDArray a = m.create(af, new Shape(n, n));
            NDArray b = m.create(bf, new Shape(n, n));
            for (int rep = -3; rep < GEMM_REPS; rep++) {
                long t0 = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0);
                }
                long t1 = System.nanoTime();
                try (OrtSession.Result res = fp32.run(Map.of("a", fa))) {
                    res.get(0);
                }
                long t2 = System.nanoTime();
                try (OrtSession.Result res = int8.run(Map.of("a", ua))) {
                    res.get(0);
                }
                long t3 = System.nanoTime();
                if (rep >= 0) {
                    ms[0][rep] = (t1 - t0) / 1e6;
                    ms[1][rep] = (t2 - t1) / 1e6;
                    ms[2][rep] = (t3 - t2) / 1e6;
                }
            }
        }
        double flop = 2.0 * n * n * n;
        String[] names = {"PyTorch fp32 (DJL matMul)", "ONNX Runtime fp32 (MatMul)", "ONNX Runtime int8 (MatMulInteger u8×s8→s32)"};
        StringBuilder sb = new StringBuilder("| kernel | median ms | median GFLOP/s (GOP/s) | best ms | best GFLOP/s |\n"
                + "|---|---:|---:|---:|---:|\n");
        for (int k = 0; k < 3; k++) {
            Arrays.sort(ms[k]);
            double med = ms[k][GEMM_REPS / 2];
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.1f | %.2f | %.1f |%n", names[k], med,
                    flop / med / 1e6, ms[k][0], flop / ms[k][0] / 1e6));
        }
        return sb.toString();
    }

    private static byte[] gemmGraph(boolean int8, float[] bf, byte[] bs) {
        OnnxGraph g = new OnnxGraph(int8 ? "gemm_int8" : "gemm_fp32");
        long n = GEMM_N;
        if (int8) {
            g.input("a", OnnxGraph.ElemType.UINT8, n, n);
            g.opTo("MatMulInteger", new String[] {"a", g.int8s("b", new long[] {n, n}, bs)}, "c");
            g.output("c", OnnxGraph.ElemType.INT32, n, n);
        } else {
            g.input("a", OnnxGraph.ElemType.FLOAT, n, n);
            g.opTo("MatMul", new String[] {"a", g.floats("b", new long[] {n, n}, bf)}, "c");
            g.output("c", OnnxGraph.ElemType.FLOAT, n, n);
        }
        return g.toModel("bertner-uima", "1", Map.of(OnnxGraph.ONNX_DOMAIN, BertOnnxExporter.OPSET), Map.of());
    }

    private static OrtSession.SessionOptions options(int threads) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        o.setIntraOpNumThreads(threads);
        o.setInterOpNumThreads(1);
        return o;
    }

    // ---------------------------------------------------------------- FLOPs

    private static List<EncodedBatch> batches(SequenceEncoder encoder, List<Doc> docs, NerPredictor probe) {
        // the word sequences the tagger encodes: a DOCUMENT-context model reads a document's sentences as one
        // sequence (windows of maxLength pieces, stride overlap), a SENTENCE one each sentence alone
        boolean document = probe.settings().context() == SequenceContext.DOCUMENT;
        List<List<String>> sequences = new ArrayList<>();
        for (Doc d : docs) {
            if (document) {
                sequences.add(d.words().stream().flatMap(List::stream).toList());
            } else {
                sequences.addAll(d.words());
            }
        }
        List<EncodedWindow> windows = new ArrayList<>();
        for (List<String> words : sequences) {
            int[] begins = new int[words.size()];
            for (int i = 1; i < begins.length; i++) {
                begins[i] = begins[i - 1] + words.get(i - 1).length() + 1;
            }
            windows.addAll(encoder.encode(words, begins, null));
        }
        windows.sort(Comparator.comparingInt(EncodedWindow::length).reversed());
        List<EncodedBatch> out = new ArrayList<>();
        int pad = padId(probe);
        for (int from = 0; from < windows.size(); from += BATCH) {
            out.add(Batches.collate(windows.subList(from, Math.min(windows.size(), from + BATCH)), pad));
        }
        return out;
    }

    private static int padId(NerPredictor probe) {
        return probe.encoder().tokenizer().vocab().padId();
    }

    /** Multiply-adds ×2 of the projections, attention and classifier; embeddings and norms left out. */
    private static double flopsPerPiece(BertConfig c, int labels, double keys) {
        double h = c.hiddenSize();
        double f = c.intermediateSize();
        double perLayer = 2 * (4 * h * h + 2 * h * f) + 2 * 2 * keys * h;
        return c.numHiddenLayers() * perLayer + 2 * h * labels;
    }

    private static String flops(BertConfig c, int labels, List<EncodedBatch> batches, long words,
            ModelSettings settings) {
        double computed = 0;
        long real = 0;
        long padded = 0;
        for (EncodedBatch b : batches) {
            int s = b.inputIds()[0].length;
            padded += (long) b.inputIds().length * s;
            computed += (double) b.inputIds().length * s * flopsPerPiece(c, labels, s);
            for (int[] row : b.attentionMask()) {
                for (int v : row) {
                    real += v;
                }
            }
        }
        double quantizable = c.numHiddenLayers() * 2 * (4.0 * c.hiddenSize() * c.hiddenSize()
                + 2.0 * c.hiddenSize() * c.intermediateSize());
        return String.format(Locale.ROOT, "Model: %d layers, hidden %d, %d heads, feed-forward %d, vocabulary %d, %d labels.%n%n"
                + "| quantity | value |%n|---|---:|%n"
                + "| sequence context / window / stride | %s / %d / %d |%n"
                + "| windows / batches | %d / %d |%n"
                + "| real pieces / computed (padded) positions | %d / %d (%.1f%% padding) |%n"
                + "| pieces per word | %.3f |%n"
                + "| projection FLOPs per piece (int8 in onnx-int8) | %.2f M |%n"
                + "| FLOPs per real piece, attention over the batch's length and padding included | %.2f M |%n"
                + "| FLOPs per word | %.2f M |%n",
                c.numHiddenLayers(), c.hiddenSize(), c.numAttentionHeads(), c.intermediateSize(), c.vocabSize(), labels,
                settings.context(), settings.maxLength(), settings.stride(), batches.stream().mapToInt(b -> b.inputIds().length).sum(), batches.size(), real, padded,
                100.0 * (padded - real) / padded, real / (double) words, quantizable / 1e6, computed / real / 1e6,
                computed / words / 1e6);
    }

    // ---------------------------------------------------------------- forward only

    private static void forward(TokenClassifierModel model, List<EncodedBatch> batches, int threads, StringBuilder out) {
        List<Variant> variants = new ArrayList<>();
        Map<String, Integer> graphBytes = new LinkedHashMap<>();
        variants.add(new Variant("pytorch fp32", InferenceRuntime.PYTORCH.open(model, threads)));
        try {
            variants.add(new Variant("onnx fp32", ort(model, BertOnnxExporter.builder(), InferenceRuntime.ONNX, threads,
                    graphBytes, "onnx fp32")));
            for (QuantizedMatMul form : QuantizedMatMul.values()) {
                for (WeightQuantization wq : WeightQuantization.values()) {
                    String name = "onnx int8 " + form.name().toLowerCase(Locale.ROOT) + " "
                            + wq.name().toLowerCase(Locale.ROOT);
                    variants.add(new Variant(name, ort(model, BertOnnxExporter.builder().optPrecision(Precision.INT8)
                            .optQuantizedMatMul(form).optWeightQuantization(wq), InferenceRuntime.ONNX_INT8, threads,
                            graphBytes, name)));
                }
            }
            int v = variants.size();
            double[] seconds = new double[v];
            double[] maxDiff = new double[v];
            long[] agree = new long[v];
            long positions = 0;
            long pieces = 0;
            // warm-up: the longest batch once through each
            for (Variant var : variants) {
                var.logits().logits(batches.get(0).inputIds(), batches.get(0).attentionMask());
            }
            for (EncodedBatch b : batches) {
                float[][][] reference = null;
                for (int k = 0; k < v; k++) {
                    long t = System.nanoTime();
                    float[][][] logits = variants.get(k).logits().logits(b.inputIds(), b.attentionMask());
                    seconds[k] += (System.nanoTime() - t) / 1e9;
                    if (k == 0) {
                        reference = logits;
                        continue;
                    }
                    for (int i = 0; i < logits.length; i++) {
                        for (int j = 0; j < logits[i].length; j++) {
                            if (b.attentionMask()[i][j] == 0) {
                                continue;
                            }
                            for (int c = 0; c < logits[i][j].length; c++) {
                                maxDiff[k] = Math.max(maxDiff[k], Math.abs(logits[i][j][c] - reference[i][j][c]));
                            }
                            agree[k] += argmax(logits[i][j]) == argmax(reference[i][j]) ? 1 : 0;
                        }
                    }
                }
                for (int[] row : b.attentionMask()) {
                    for (int m : row) {
                        pieces += m;
                    }
                }
            }
            positions = pieces;
            double[] randomDiff = randomInputDiff(model, variants);
            double flop = flopsTotal(model, batches);
            out.append("| variant | graph MB | seconds | pieces/s | GFLOP/s | × pytorch | max abs Δ logits (testb) "
                    + "| max abs Δ (random ids) | argmax = pytorch |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (int k = 0; k < v; k++) {
                Integer bytes = graphBytes.get(variants.get(k).name());
                out.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.0f | %.1f | %.2f | %s | %s | %s |%n",
                        variants.get(k).name(), bytes == null ? "–" : String.format(Locale.ROOT, "%.1f", bytes / 1e6),
                        seconds[k], pieces / seconds[k], flop / seconds[k] / 1e9, seconds[0] / seconds[k],
                        k == 0 ? "–" : String.format(Locale.ROOT, "%.2e", maxDiff[k]),
                        k == 0 ? "–" : String.format(Locale.ROOT, "%.2e", randomDiff[k]),
                        k == 0 ? "–" : String.format(Locale.ROOT, "%d / %d (%.3f%%)", agree[k], positions,
                                100.0 * agree[k] / positions)));
            }
        } finally {
            for (Variant var : variants) {
                var.logits().close();
            }
        }
    }

    private static double flopsTotal(TokenClassifierModel model, List<EncodedBatch> batches) {
        double total = 0;
        for (EncodedBatch b : batches) {
            int s = b.inputIds()[0].length;
            total += (double) b.inputIds().length * s * flopsPerPiece(model.config(), model.labels().size(), s);
        }
        return total;
    }

    /** Max |Δ| against PyTorch on 8 rows of uniformly random ids, lengths 1 to 128. */
    private static double[] randomInputDiff(TokenClassifierModel model, List<Variant> variants) {
        Random r = new Random(5);
        int s = Math.min(128, model.config().maxPositionEmbeddings());
        int[][] ids = new int[8][s];
        int[][] mask = new int[8][s];
        for (int i = 0; i < 8; i++) {
            int len = i == 0 ? s : 1 + r.nextInt(s);
            for (int j = 0; j < len; j++) {
                ids[i][j] = r.nextInt(model.config().vocabSize());
                mask[i][j] = 1;
            }
        }
        float[][][] reference = variants.get(0).logits().logits(ids, mask);
        double[] diff = new double[variants.size()];
        for (int k = 1; k < variants.size(); k++) {
            float[][][] l = variants.get(k).logits().logits(ids, mask);
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < s; j++) {
                    if (mask[i][j] == 1) {
                        for (int c = 0; c < l[i][j].length; c++) {
                            diff[k] = Math.max(diff[k], Math.abs(l[i][j][c] - reference[i][j][c]));
                        }
                    }
                }
            }
        }
        return diff;
    }

    private static PieceLogits ort(TokenClassifierModel model, BertOnnxExporter.Builder exporter, InferenceRuntime rt,
            int threads, Map<String, Integer> graphBytes, String name) {
        byte[] onnx = exporter.setConfig(model.config()).setWeights(HfCheckpoint.exportWeights(model.block()))
                .build().export();
        graphBytes.put(name, onnx.length);
        return OrtPieceLogits.builder().setModel(onnx).setConfig(model.config()).setRuntime(rt).optThreads(threads)
                .build();
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] > v[best]) {
                best = k;
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- tagging

    private static String tagging(Path modelDir, List<Doc> docs, long words, int threads) throws IOException {
        InferenceRuntime[] runtimes = InferenceRuntime.values();
        NerPredictor[] predictors = new NerPredictor[runtimes.length];
        long[] rssAfterOpen = new long[runtimes.length];
        double[] seconds = new double[runtimes.length];
        List<List<List<String>>> tags = new ArrayList<>();
        try {
            for (int k = 0; k < runtimes.length; k++) {
                predictors[k] = NerPredictor.builder(modelDir).optDevice("cpu").optRuntime(runtimes[k]).build();
                rssAfterOpen[k] = rssKiB() >> 10;
                predictors[k].predictAll(docs.get(0).words());
                tags.add(new ArrayList<>());
            }
            int chunk = (docs.size() + CHUNKS - 1) / CHUNKS;
            for (int from = 0; from < docs.size(); from += chunk) {
                List<Doc> part = docs.subList(from, Math.min(docs.size(), from + chunk));
                for (int k = 0; k < runtimes.length; k++) {
                    long t = System.nanoTime();
                    for (Doc d : part) {
                        for (SentencePrediction p : predictors[k].predictAll(d.words())) {
                            tags.get(k).add(p.tags());
                        }
                    }
                    seconds[k] += (System.nanoTime() - t) / 1e9;
                }
            }
        } finally {
            for (NerPredictor p : predictors) {
                if (p != null) {
                    p.close();
                }
            }
        }
        List<List<String>> gold = docs.stream().flatMap(d -> d.gold().stream()).toList();
        StringBuilder sb = new StringBuilder("| runtime | seconds | words/s | × pytorch | strict F1 | word tags ≠ pytorch "
                + "| sentences ≠ pytorch | RSS after opening (MiB, cumulative) |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int k = 0; k < runtimes.length; k++) {
            long wordDiff = 0;
            long sentDiff = 0;
            for (int s = 0; s < gold.size(); s++) {
                List<String> a = tags.get(0).get(s);
                List<String> b = tags.get(k).get(s);
                long d = 0;
                for (int w = 0; w < a.size(); w++) {
                    d += a.get(w).equals(b.get(w)) ? 0 : 1;
                }
                wordDiff += d;
                sentDiff += d > 0 ? 1 : 0;
            }
            double f1 = Evaluator.evaluate(gold, tags.get(k)).strict().micro().f1();
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.0f | %.2f | %.2f | %d / %d | %d / %d | %d |%n",
                    runtimes[k].cliName(), seconds[k], words / seconds[k], seconds[0] / seconds[k], 100 * f1,
                    wordDiff, words, sentDiff, gold.size(), rssAfterOpen[k]));
        }
        return sb.toString();
    }

    private static String loadAverage() throws IOException {
        String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).split(" ");
        return parts[0] + " / " + parts[1] + " / " + parts[2];
    }

    private static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
