package io.github.bertner.runtime;

import io.github.bertner.model.BertConfig;
import io.github.bertner.model.BertKeys;
import io.github.bertner.model.BertKeys.LayerModule;
import io.github.bertner.model.FloatTensor;
import io.github.bertner.model.HiddenActivation;
import io.github.bertner.runtime.OnnxGraph.Attr;
import io.github.bertner.runtime.OnnxGraph.ElemType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes our BERT token classifier (HF {@code BertForTokenClassification}, post-LayerNorm, no
 * pooler) as an ONNX graph, computing exactly what {@code TokenClassifierModel.logits} computes
 * with token types all zero.
 *
 * <p>Graph inputs {@code input_ids} and {@code attention_mask}: int64 {@code [batch, sequence]},
 * both dimensions dynamic. Output {@code logits}: float32 {@code [batch, sequence, labels]}.
 * Embeddings are word + position (the first {@code sequence} rows) + token type 0, then
 * LayerNorm; padded keys get {@code -Float.MAX_VALUE} added to their scores before the softmax, as
 * in the PyTorch path, so they have zero attention weight; GELU is the exact erf form written as
 * the Div/Erf/Add/Mul/Mul pattern that ONNX Runtime fuses into one kernel.
 *
 * <p>With {@link Precision#INT8} the six encoder projections of every layer are dynamically
 * quantized: weights become symmetric int8 (zero point 0, per tensor or per output column; 7 bits on CPUs
 * whose int8 products saturate, see {@link CpuFeatures}),
 * activations are quantized to uint8 per call by {@code DynamicQuantizeLinear}. Embeddings,
 * LayerNorm, attention scores and the classifier stay float32 (they are a small share of the
 * FLOPs and the classifier decides the labels directly).
 *
 * <p>Opset 17 of the default domain (for {@code LayerNormalization}); the
 * {@link QuantizedMatMul#MATMUL_INTEGER_TO_FLOAT} and {@link QuantizedMatMul#DYNAMIC_QUANTIZE_MATMUL}
 * forms also use ONNX Runtime's {@code com.microsoft} domain and therefore need ONNX Runtime.
 */
public final class BertOnnxExporter {
    /** Name of the piece-id input. */
    public static final String INPUT_IDS = "input_ids";
    /** Name of the attention-mask input. */
    public static final String ATTENTION_MASK = "attention_mask";
    /** Name of the output. */
    public static final String LOGITS = "logits";
    /** Default-domain opset the graph is written for. */
    public static final int OPSET = 17;

    /** Number formats of the exported projections. */
    public enum Precision {
        /** Everything float32; agrees with the PyTorch path to rounding. */
        FP32,
        /** Encoder projections dynamically quantized to 8 bits; see the class comment. */
        INT8
    }

    /** How int8 weight scales are chosen. */
    public enum WeightQuantization {
        /** One scale per weight matrix: max |w| / 127 (63 with 7-bit weights). */
        PER_TENSOR,
        /** One scale per output column: max over the column's |w| / 127 or 63 (smaller error). */
        PER_CHANNEL
    }

    /** Which ONNX operators carry a quantized projection. */
    public enum QuantizedMatMul {
        /**
         * Standard ONNX: {@code DynamicQuantizeLinear}, {@code MatMulInteger}, {@code Cast}, two
         * {@code Mul} for the scales and {@code Add} for the bias (portable; ONNX Runtime fuses it).
         */
        MATMUL_INTEGER,
        /** {@code DynamicQuantizeLinear} then ONNX Runtime's {@code MatMulIntegerToFloat} (scales and bias inside). */
        MATMUL_INTEGER_TO_FLOAT,
        /** ONNX Runtime's single {@code DynamicQuantizeMatMul} node (quantizes the activation itself). */
        DYNAMIC_QUANTIZE_MATMUL
    }


    private final BertConfig config;
    private final Map<String, FloatTensor> weights;
    private final String prefix;
    private final Precision precision;
    private final WeightQuantization weightQuantization;
    private final QuantizedMatMul quantizedMatMul;
    private final int weightMax;
    private final int numLabels;
    private int quantizedProjections;

    private BertOnnxExporter(Builder b) {
        this.config = Objects.requireNonNull(b.config, "config");
        this.weights = Objects.requireNonNull(b.weights, "weights");
        this.precision = b.precision;
        this.weightQuantization = b.weightQuantization;
        this.quantizedMatMul = b.quantizedMatMul;
        this.weightMax = (1 << (b.weightBits - 1)) - 1;
        String word = BertKeys.WORD_EMBEDDINGS;
        if (weights.containsKey(BertKeys.BERT + word)) {
            prefix = BertKeys.BERT;
        } else if (weights.containsKey(word)) {
            prefix = "";
        } else {
            throw new IllegalArgumentException("expected the encoder weight '" + BertKeys.BERT + word
                    + "' (HF BertForTokenClassification names), found none among " + weights.size() + " tensors");
        }
        FloatTensor classifier = weights.get(BertKeys.CLASSIFIER_WEIGHT);
        if (classifier == null) {
            throw new IllegalArgumentException("expected the head weight '" + BertKeys.CLASSIFIER_WEIGHT
                    + "' of a token classifier, found none: this is not a token-classification model");
        }
        numLabels = (int) classifier.shape()[0];
        if (!config.labels().isEmpty() && config.labels().size() != numLabels) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "config has %d labels but %s has %d rows", config.labels().size(), BertKeys.CLASSIFIER_WEIGHT,
                    numLabels));
        }
    }

    /**
     * Starts a builder.
     *
     * @return a builder; config and weights are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of an export. */
    public static final class Builder {
        private BertConfig config;
        private Map<String, FloatTensor> weights;
        private Precision precision = Precision.FP32;
        private WeightQuantization weightQuantization = WeightQuantization.PER_CHANNEL;
        private QuantizedMatMul quantizedMatMul = QuantizedMatMul.MATMUL_INTEGER;
        private int weightBits = CpuFeatures.int8WithoutSaturation() ? 8 : 7;

        private Builder() {
        }

        /**
         * @param config the model configuration (sizes, activation, epsilon, labels)
         * @return this builder
         */
        public Builder setConfig(BertConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * @param weights all tensors by HF name, with or without the {@code bert.} prefix of the encoder
         * @return this builder
         */
        public Builder setWeights(Map<String, FloatTensor> weights) {
            this.weights = Objects.requireNonNull(weights, "weights");
            return this;
        }

        /**
         * @param precision FP32 (default) or INT8
         * @return this builder
         */
        public Builder optPrecision(Precision precision) {
            this.precision = Objects.requireNonNull(precision, "precision");
            return this;
        }

        /**
         * @param weightQuantization int8 weight scales (default per channel)
         * @return this builder
         */
        public Builder optWeightQuantization(WeightQuantization weightQuantization) {
            this.weightQuantization = Objects.requireNonNull(weightQuantization, "weightQuantization");
            return this;
        }

        /**
         * @param quantizedMatMul operators of an int8 projection (default {@link QuantizedMatMul#MATMUL_INTEGER})
         * @return this builder
         */
        public Builder optQuantizedMatMul(QuantizedMatMul quantizedMatMul) {
            this.quantizedMatMul = Objects.requireNonNull(quantizedMatMul, "quantizedMatMul");
            return this;
        }

        /**
         * @param bits bits of an int8 weight: 8 (±127) or 7 (±63, for CPUs whose int8 products saturate; see
         *     {@link CpuFeatures}); default 8 where the CPU has VNNI, 7 elsewhere
         * @return this builder
         */
        public Builder optWeightBits(int bits) {
            if (bits != 7 && bits != 8) {
                throw new IllegalArgumentException("expected 7 or 8 weight bits, found " + bits);
            }
            this.weightBits = bits;
            return this;
        }

        /**
         * Checks the weights against the configuration.
         *
         * @return the exporter
         * @throws IllegalArgumentException when a tensor is missing or has the wrong shape
         */
        public BertOnnxExporter build() {
            return new BertOnnxExporter(this);
        }
    }

    /**
     * Builds the graph.
     *
     * @return the bytes of an .onnx file
     * @throws IllegalArgumentException naming the tensor when a weight is missing or mis-shaped
     */
    public byte[] export() {
        quantizedProjections = 0;
        OnnxGraph g = new OnnxGraph("bertner_token_classifier");
        int h = config.hiddenSize();
        g.input(INPUT_IDS, ElemType.INT64, "batch", "sequence");
        g.input(ATTENTION_MASK, ElemType.INT64, "batch", "sequence");

        // embeddings: word + positions 0..S-1 + token type 0, LayerNorm
        String word = g.op("Gather", new String[] {
            g.floats("word_embeddings", new long[] {config.vocabSize(), h},
                    tensor(BertKeys.WORD_EMBEDDINGS, config.vocabSize(), h)), INPUT_IDS},
                Attr.i("axis", 0));
        String shape = g.op("Shape", new String[] {INPUT_IDS});
        String seqLen = g.op("Slice", new String[] {shape, g.int64s("one", new long[] {1}, new long[] {1}),
            g.int64s("two", new long[] {1}, new long[] {2})});
        String positions = g.op("Slice", new String[] {
            g.floats("position_embeddings", new long[] {config.maxPositionEmbeddings(), h},
                    tensor(BertKeys.POSITION_EMBEDDINGS, config.maxPositionEmbeddings(), h)),
            g.int64s("zero", new long[] {1}, new long[] {0}), seqLen});
        float[] types = tensor(BertKeys.TOKEN_TYPE_EMBEDDINGS, config.typeVocabSize(), h);
        String x = g.op("Add", new String[] {word, positions});
        x = g.op("Add", new String[] {x, g.floats("token_type_0", new long[] {h}, Arrays.copyOf(types, h))});
        x = layerNorm(g, x, BertKeys.EMBEDDINGS_LAYER_NORM);

        // additive mask (B,1,1,S): 0 for real keys, -Float.MAX_VALUE for padded ones
        String maskF = g.op("Cast", new String[] {ATTENTION_MASK}, Attr.i("to", ElemType.FLOAT.code));
        String inverted = g.op("Sub", new String[] {g.scalar("one_f", 1f), maskF});
        String additive = g.op("Mul", new String[] {inverted, g.scalar("mask_value", -Float.MAX_VALUE)});
        additive = g.op("Unsqueeze", new String[] {additive, g.int64s("axes_1_2", new long[] {2}, new long[] {1, 2})});

        int heads = config.numAttentionHeads();
        int hs = config.headSize();
        String headShape = g.int64s("head_shape", new long[] {4}, new long[] {0, 0, heads, hs});
        String hiddenShape = g.int64s("hidden_shape", new long[] {3}, new long[] {0, 0, h});
        String scale = g.scalar("sqrt_head_size", (float) Math.sqrt(hs));
        for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
            String q = projection(g, x, LayerModule.QUERY.in(layer), h, h, true);
            String k = projection(g, x, LayerModule.KEY.in(layer), h, h, true);
            String v = projection(g, x, LayerModule.VALUE.in(layer), h, h, true);
            q = g.op("Transpose", new String[] {g.op("Reshape", new String[] {q, headShape})},
                    Attr.ints("perm", 0, 2, 1, 3));
            k = g.op("Transpose", new String[] {g.op("Reshape", new String[] {k, headShape})},
                    Attr.ints("perm", 0, 2, 3, 1));
            v = g.op("Transpose", new String[] {g.op("Reshape", new String[] {v, headShape})},
                    Attr.ints("perm", 0, 2, 1, 3));
            String scores = g.op("Div", new String[] {g.op("MatMul", new String[] {q, k}), scale});
            scores = g.op("Add", new String[] {scores, additive});
            String probs = g.op("Softmax", new String[] {scores}, Attr.i("axis", -1));
            String context = g.op("Transpose", new String[] {g.op("MatMul", new String[] {probs, v})},
                    Attr.ints("perm", 0, 2, 1, 3));
            context = g.op("Reshape", new String[] {context, hiddenShape});
            String a = projection(g, context, LayerModule.ATTENTION_OUTPUT_DENSE.in(layer), h, h, true);
            a = layerNorm(g, g.op("Add", new String[] {a, x}), LayerModule.ATTENTION_OUTPUT_LAYER_NORM.in(layer));
            String inter = projection(g, a, LayerModule.INTERMEDIATE_DENSE.in(layer), config.intermediateSize(), h,
                    true);
            inter = activation(g, inter, config.hiddenAct());
            String o = projection(g, inter, LayerModule.OUTPUT_DENSE.in(layer), h, config.intermediateSize(), true);
            x = layerNorm(g, g.op("Add", new String[] {o, a}), LayerModule.OUTPUT_LAYER_NORM.in(layer));
        }
        String logits = projection(g, x, BertKeys.CLASSIFIER, numLabels, h, false);
        // the graph output gets its public name from an Identity, whatever node computed it
        g.opTo("Identity", new String[] {logits}, LOGITS);
        g.output(LOGITS, ElemType.FLOAT, "batch", "sequence", (long) numLabels);

        Map<String, Integer> opsets = new LinkedHashMap<>();
        opsets.put(OnnxGraph.ONNX_DOMAIN, OPSET);
        if (precision == Precision.INT8 && quantizedMatMul != QuantizedMatMul.MATMUL_INTEGER) {
            opsets.put(OnnxGraph.MICROSOFT_DOMAIN, 1);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("bertner.precision", precision.name());
        if (precision == Precision.INT8) {
            metadata.put("bertner.weight_quantization", weightQuantization.name());
            metadata.put("bertner.quantized_matmul", quantizedMatMul.name());
            metadata.put("bertner.weight_bits", String.valueOf(Integer.bitCount(weightMax) + 1));
        }
        metadata.put("bertner.labels", String.join(",", config.labels()));
        return g.toModel("bertner-uima", "1", opsets, metadata);
    }

    /**
     * Exports and writes an .onnx file.
     *
     * @param file the target file; replaced when present
     * @throws IOException when writing fails
     */
    public void write(Path file) throws IOException {
        Files.write(file, export());
    }

    /**
     * Number of projections written as int8 by the last {@link #export}.
     *
     * @return 6 per layer for INT8, 0 for FP32
     */
    public int quantizedProjections() {
        return quantizedProjections;
    }

    /** {@code x · Wᵀ + b} for an HF Linear of weight (out, in); int8 when asked and {@code quantizable}. */
    private String projection(OnnxGraph g, String x, String name, int out, int in, boolean quantizable) {
        boolean head = name.equals(BertKeys.CLASSIFIER);
        float[] w = head ? tensor(weights, name + ".weight", "", out, in) : tensor(name + ".weight", out, in);
        float[] bias = head ? tensor(weights, name + ".bias", "", out) : tensor(name + ".bias", out);
        float[] wt = transpose(w, out, in);
        String b = g.floats(shortName(name) + "_bias", new long[] {out}, bias);
        if (precision == Precision.FP32 || !quantizable) {
            String mm = g.op("MatMul", new String[] {x, g.floats(shortName(name) + "_weight", new long[] {in, out}, wt)});
            return g.op("Add", new String[] {mm, b});
        }
        quantizedProjections++;
        float[] scales = weightQuantization == WeightQuantization.PER_TENSOR ? new float[] {maxAbs(wt, 0, 1, wt.length)}
                : columnMaxAbs(wt, in, out);
        for (int j = 0; j < scales.length; j++) {
            // an all-zero weight gets scale 1 so that dequantization stays finite
            scales[j] = scales[j] == 0f ? 1f : scales[j] / weightMax;
        }
        byte[] q = new byte[wt.length];
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                float s = scales.length == 1 ? scales[0] : scales[j];
                long r = Math.round(wt[i * out + j] / s);
                q[i * out + j] = (byte) Math.max(-weightMax, Math.min(weightMax, r));
            }
        }
        long[] scaleDims = scales.length == 1 ? new long[0] : new long[] {out};
        String wq = g.int8s(shortName(name) + "_weight_int8", new long[] {in, out}, q);
        String ws = g.floats(shortName(name) + "_weight_scale", scaleDims, scales);
        switch (quantizedMatMul) {
            case DYNAMIC_QUANTIZE_MATMUL:
                return g.op("DynamicQuantizeMatMul", OnnxGraph.MICROSOFT_DOMAIN, new String[] {x, wq, ws, "", b}, 1)[0];
            case MATMUL_INTEGER_TO_FLOAT: {
                String[] dq = g.op("DynamicQuantizeLinear", OnnxGraph.ONNX_DOMAIN, new String[] {x}, 3);
                return g.op("MatMulIntegerToFloat", OnnxGraph.MICROSOFT_DOMAIN,
                        new String[] {dq[0], wq, dq[1], ws, dq[2], "", b}, 1)[0];
            }
            case MATMUL_INTEGER: {
                String[] dq = g.op("DynamicQuantizeLinear", OnnxGraph.ONNX_DOMAIN, new String[] {x}, 3);
                String acc = g.op("MatMulInteger", new String[] {dq[0], wq, dq[2]});
                String f = g.op("Cast", new String[] {acc}, Attr.i("to", ElemType.FLOAT.code));
                String s = g.op("Mul", new String[] {dq[1], ws});
                return g.op("Add", new String[] {g.op("Mul", new String[] {f, s}), b});
            }
            default:
                throw new IllegalStateException("unhandled " + quantizedMatMul);
        }
    }

    private String layerNorm(OnnxGraph g, String x, String name) {
        int h = config.hiddenSize();
        return g.op("LayerNormalization", new String[] {x,
            g.floats(shortName(name) + "_gamma", new long[] {h}, tensor(name + ".weight", h)),
            g.floats(shortName(name) + "_beta", new long[] {h}, tensor(name + ".bias", h))},
                Attr.i("axis", -1), Attr.f("epsilon", (float) config.layerNormEps()));
    }

    private static String activation(OnnxGraph g, String x, HiddenActivation act) {
        switch (act) {
            case GELU: {
                // 0.5 x (1 + erf(x / sqrt 2)), in the order ONNX Runtime's GeluFusion recognises
                String erf = g.op("Erf", new String[] {g.op("Div", new String[] {x, g.scalar("sqrt2", (float) Math.sqrt(2))})});
                String y = g.op("Mul", new String[] {x, g.op("Add", new String[] {erf, g.scalar("one_f", 1f)})});
                return g.op("Mul", new String[] {y, g.scalar("half", 0.5f)});
            }
            case RELU:
                return g.op("Relu", new String[] {x});
            case GELU_NEW:
            case GELU_PYTORCH_TANH: {
                String cube = g.op("Mul", new String[] {g.op("Mul", new String[] {x, x}), x});
                String inner = g.op("Add", new String[] {g.op("Mul", new String[] {cube, g.scalar("c", 0.044715f)}), x});
                inner = g.op("Mul", new String[] {inner, g.scalar("sqrt_2_over_pi", (float) Math.sqrt(2.0 / Math.PI))});
                String t = g.op("Add", new String[] {g.op("Tanh", new String[] {inner}), g.scalar("one_f", 1f)});
                return g.op("Mul", new String[] {g.op("Mul", new String[] {t, x}), g.scalar("half", 0.5f)});
            }
            default:
                throw new IllegalArgumentException("hidden_act " + act.hfName() + " has no ONNX export");
        }
    }

    private float[] tensor(String name, long... shape) {
        return tensor(weights, name, prefix, shape);
    }

    private static float[] tensor(Map<String, FloatTensor> weights, String name, String prefix, long... shape) {
        FloatTensor t = weights.get(prefix + name);
        if (t == null) {
            throw new IllegalArgumentException("missing weight '" + prefix + name + "', expected shape "
                    + Arrays.toString(shape));
        }
        if (!Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException("weight '" + prefix + name + "': expected shape "
                    + Arrays.toString(shape) + " from config.json, found " + Arrays.toString(t.shape()));
        }
        return t.data();
    }

    /**
     * The ONNX initializer name of an HF module: {@code l3_attn_self_query} for layer 3's query. Readers of
     * exported graphs may rely on these names, so they must stay as they were when spelled by hand.
     */
    private static String shortName(String hfName) {
        // module names reach here without the bert. prefix (tensor() adds it), so only unprefixed keys are layers
        String n = BertKeys.parseLayer(hfName).filter(l -> l.prefix().isEmpty())
                .map(l -> "l" + l.index() + "_" + l.rest()).orElse(hfName);
        return n.replace("attention.", "attn_").replace('.', '_');
    }

    private static float[] transpose(float[] w, int rows, int cols) {
        float[] t = new float[w.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = w[r * cols + c];
            }
        }
        return t;
    }

    private static float maxAbs(float[] a, int from, int step, int count) {
        float m = 0f;
        for (int i = 0, k = from; i < count; i++, k += step) {
            m = Math.max(m, Math.abs(a[k]));
        }
        return m;
    }

    private static float[] columnMaxAbs(float[] wt, int rows, int cols) {
        float[] m = new float[cols];
        for (int j = 0; j < cols; j++) {
            m[j] = maxAbs(wt, j, cols, rows);
        }
        return m;
    }
}
