package io.github.bertner.importer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.bertner.model.TokenClassifierModel;
import io.github.bertner.tokenization.BertWordPieceTokenizer;
import io.github.bertner.tokenization.Piece;
import io.github.bertner.tokenization.WordPieceVocab;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks an imported folder against the ONNX model it came from: both encoders run on the same
 * piece ids (ONNX Runtime on the original graph, our DJL BERT on the imported weights) and their
 * last hidden states are compared position by position over the real (unpadded) pieces.
 *
 * <p>For an fp32 source the two compute the same function, so the largest absolute difference is
 * float rounding (tolerance {@value #FP32_TOLERANCE}). A dynamically quantized source is different:
 * ONNX Runtime also quantizes the activations to 8 bits at every MatMul, while the imported model
 * runs the dequantized weights in fp32, so the states differ by quantization noise; there the test is
 * the cosine similarity of each position's hidden vector (at least {@value #QUANTIZED_MIN_COSINE}) and
 * the mean absolute difference relative to the mean magnitude (at most
 * {@value #QUANTIZED_MAX_RELATIVE_MEAN}).
 */
public final class OnnxVerifier {

    /** Largest |Δ| accepted for an fp32 source. */
    public static final double FP32_TOLERANCE = 1e-4;
    /** Smallest per-position cosine similarity accepted for a quantized source. */
    public static final double QUANTIZED_MIN_COSINE = 0.98;
    /** Largest mean |Δ| / mean |h| accepted for a quantized source. */
    public static final double QUANTIZED_MAX_RELATIVE_MEAN = 0.10;

    /** Sentences of our own, mixed in length, case, digits and punctuation. */
    static final List<String> SAMPLES = List.of(
            "The committee met in Geneva on Tuesday to discuss the new trade rules.",
            "Maria Lopez joined Siemens as head of research in 2019.",
            "Shares of the Tokyo-based carmaker fell 3.5 percent after the announcement.",
            "Rain is expected across northern Scotland later this week.",
            "The final score was 2-1 after extra time at Wembley.",
            "Dr. Okafor said the vaccine trial would resume in March.",
            "A spokesman for the United Nations declined to comment.",
            "Prices rose by 0.4% in October, the statistics office said.",
            "He flew from Buenos Aires to Madrid with his two daughters.",
            "The bank's quarterly profit beat analysts' forecasts.",
            "Volunteers planted 12,000 trees along the river Danube.",
            "Is this the road to Cambridge, or should we turn left?",
            "The court in Karlsruhe rejected the appeal on procedural grounds.",
            "Microsoft and Intel announced a joint venture for cloud chips.",
            "Ms. Chen will chair the board until a successor is found.",
            "Fighting broke out near the border town late on Sunday night.",
            "Our correspondent in Nairobi reports heavy traffic and long queues.",
            "The orchestra performed works by Dvořák and Sibelius.",
            "Police arrested three men suspected of stealing copper cable.",
            "Exports to China and India grew faster than expected.",
            "The new stadium will seat 45,000 fans when it opens in 2027.",
            "Weather: sunny, 24 degrees, light winds from the south-west.",
            "Ahmed, Priya and Tom shared the prize for the best short film.",
            "The minister resigned after the report was published.");

    private OnnxVerifier() {
    }

    /**
     * Runs both models on {@link #SAMPLES} and compares their last hidden states.
     *
     * @param onnxFile the original ONNX file
     * @param folder   the imported folder (with vocab.txt)
     * @param quantized whether the source was dynamically quantized (picks the tolerance)
     * @return the comparison
     * @throws IOException when a model cannot be read
     * @throws OnnxFormatException when ONNX Runtime cannot run the graph
     */
    public static Verification verify(Path onnxFile, Path folder, boolean quantized) throws IOException {
        BertWordPieceTokenizer tokenizer = BertWordPieceTokenizer.load(folder);
        WordPieceVocab vocab = tokenizer.vocab();
        List<int[]> rows = new ArrayList<>();
        for (String s : SAMPLES) {
            List<String> words = List.of(s.split(" "));
            int[] begins = new int[words.size()];
            int pos = 0;
            for (int i = 0; i < begins.length; i++) {
                begins[i] = pos;
                pos += words.get(i).length() + 1;
            }
            List<Piece> pieces = tokenizer.tokenizeWords(words, begins);
            int[] ids = new int[pieces.size() + 2];
            ids[0] = vocab.id("[CLS]");
            for (int i = 0; i < pieces.size(); i++) {
                ids[i + 1] = pieces.get(i).id();
            }
            ids[ids.length - 1] = vocab.id("[SEP]");
            rows.add(ids);
        }
        int len = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        long[][] ids = new long[rows.size()][len];
        long[][] mask = new long[rows.size()][len];
        long[][] types = new long[rows.size()][len];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < rows.get(r).length; c++) {
                ids[r][c] = rows.get(r)[c];
                mask[r][c] = 1;
            }
        }
        float[][][] expected = runOnnx(onnxFile, ids, mask, types);
        float[][][] actual = runOurs(folder, ids, mask, types);
        double maxAbs = 0;
        double sumAbs = 0;
        double sumMag = 0;
        double minCos = 1;
        long n = 0;
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < rows.get(r).length; c++) {
                double dot = 0;
                double na = 0;
                double nb = 0;
                for (int h = 0; h < expected[r][c].length; h++) {
                    double a = expected[r][c][h];
                    double b = actual[r][c][h];
                    double d = Math.abs(a - b);
                    maxAbs = Math.max(maxAbs, Double.isNaN(d) ? Double.POSITIVE_INFINITY : d);
                    sumAbs += d;
                    sumMag += Math.abs(a);
                    dot += a * b;
                    na += a * a;
                    nb += b * b;
                    n++;
                }
                minCos = Math.min(minCos, dot / Math.sqrt(na * nb));
            }
        }
        double relMean = sumAbs / Math.max(sumMag, 1e-30);
        boolean pass = quantized ? minCos >= QUANTIZED_MIN_COSINE && relMean <= QUANTIZED_MAX_RELATIVE_MEAN
                : maxAbs <= FP32_TOLERANCE;
        return new Verification(rows.size(), n, maxAbs, sumAbs / n, relMean, minCos, quantized, pass);
    }

    private static float[][][] runOnnx(Path file, long[][] ids, long[][] mask, long[][] types) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(file.toString(), options)) {
            Map<String, ai.onnxruntime.OnnxTensor> in = new HashMap<>();
            try {
                for (String name : session.getInputNames()) {
                    long[][] v = switch (name) {
                        case "input_ids" -> ids;
                        case "attention_mask" -> mask;
                        case "token_type_ids" -> types;
                        default -> throw new OnnxFormatException("graph input '" + name
                                + "': expected input_ids, attention_mask or token_type_ids");
                    };
                    in.put(name, ai.onnxruntime.OnnxTensor.createTensor(env, v));
                }
                try (OrtSession.Result result = session.run(in)) {
                    Object value = result.get(0).getValue();
                    if (!(value instanceof float[][][] hidden)) {
                        throw new OnnxFormatException("expected the graph's first output to be a float "
                                + "[batch, seq, hidden] tensor, found " + value.getClass().getSimpleName());
                    }
                    return hidden;
                }
            } finally {
                in.values().forEach(ai.onnxruntime.OnnxTensor::close);
            }
        } catch (OrtException e) {
            throw new OnnxFormatException(file + ": ONNX Runtime could not run the graph: " + e.getMessage(), e);
        }
    }

    private static float[][][] runOurs(Path folder, long[][] ids, long[][] mask, long[][] types) throws IOException {
        try (TokenClassifierModel model = TokenClassifierModel.fromBase(folder, List.of("O"), Device.cpu(), 0L)) {
            boolean grad = JniUtils.isGradMode();
            JniUtils.setGradMode(false);
            try (NDManager m = model.djlModel().getNDManager().newSubManager()) {
                int b = ids.length;
                int s = ids[0].length;
                Shape shape = new Shape(b, s);
                NDList in = new NDList(m.create(flat(ids), shape), m.create(flat(mask), shape),
                        m.create(flat(types), shape));
                NDArray out = model.block().bert().forward(new ParameterStore(m, false), in, false)
                        .singletonOrThrow();
                int h = (int) out.getShape().get(2);
                float[] f = out.toFloatArray();
                float[][][] r = new float[b][s][h];
                for (int i = 0; i < b; i++) {
                    for (int j = 0; j < s; j++) {
                        System.arraycopy(f, (i * s + j) * h, r[i][j], 0, h);
                    }
                }
                return r;
            } finally {
                JniUtils.setGradMode(grad);
            }
        }
    }

    private static long[] flat(long[][] a) {
        long[] f = new long[a.length * a[0].length];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, f, i * a[0].length, a[0].length);
        }
        return f;
    }

    /**
     * The outcome of a comparison.
     *
     * @param sentences       sample sentences run
     * @param values          hidden-state values compared (real positions × hidden)
     * @param maxAbsDiff      largest |Δ|
     * @param meanAbsDiff     mean |Δ|
     * @param relativeMeanDiff mean |Δ| / mean |h| of the ONNX states
     * @param minCosine       smallest per-position cosine similarity
     * @param quantized       whether the quantized-source tolerance applied
     * @param pass            whether the tolerance was met
     */
    public record Verification(int sentences, long values, double maxAbsDiff, double meanAbsDiff,
                               double relativeMeanDiff, double minCosine, boolean quantized, boolean pass) {
        /** @return one line for the console */
        public String summary() {
            String tol = quantized
                    ? String.format(Locale.ROOT, "quantized source: min cosine >= %.2f and mean |d|/mean |h| <= %.2f",
                    QUANTIZED_MIN_COSINE, QUANTIZED_MAX_RELATIVE_MEAN)
                    : String.format(Locale.ROOT, "fp32 source: max |d| <= %.0e", FP32_TOLERANCE);
            return String.format(Locale.ROOT,
                    "verify: %d sentences, %d values: max |d| %.3g, mean |d| %.3g, mean |d|/mean |h| %.4f, "
                            + "min cosine %.5f (%s): %s", sentences, values, maxAbsDiff, meanAbsDiff, relativeMeanDiff,
                    minCosine, tol, pass ? "PASS" : "FAIL");
        }
    }
}
