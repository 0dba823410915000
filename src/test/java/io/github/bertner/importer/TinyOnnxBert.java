package io.github.bertner.importer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes small ONNX graphs shaped like real BERT exports (the torch exporter's anonymous
 * {@code onnx::MatMul_<n>} weights stored [in, out], bias Adds, the query Reshape through
 * Concat/Unsqueeze constants, the decomposed LayerNorm with its epsilon, Erf GELU), fp32 or
 * dynamically quantized the way ORT's quantize_dynamic writes it. Values are random but seeded, and
 * the HF-layout tensors are kept so a test can compare the import exactly.
 */
final class TinyOnnxBert {
    final int layers;
    final int hidden;
    final int heads;
    final int intermediate;
    final int vocab;
    final int positions = 16;
    final float eps;
    /** HF name → HF layout values ([out, in] for Linear weights). */
    final Map<String, float[]> hf = new LinkedHashMap<>();
    /** HF name → HF shape. */
    final Map<String, long[]> hfShape = new LinkedHashMap<>();
    private final Random rnd = new Random(7);
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> inits = new ArrayList<>();
    private int anon = 100;
    private int tmp;
    private boolean quantized;
    private boolean withReshape = true;
    private String prefix = "";
    private final List<String> extraOps = new ArrayList<>();

    TinyOnnxBert(int layers, int hidden, int heads, int intermediate, int vocab, float eps) {
        this.layers = layers;
        this.hidden = hidden;
        this.heads = heads;
        this.intermediate = intermediate;
        this.vocab = vocab;
        this.eps = eps;
    }

    TinyOnnxBert quantized() {
        quantized = true;
        return this;
    }

    TinyOnnxBert withoutHeadReshape() {
        withReshape = false;
        return this;
    }

    TinyOnnxBert namePrefix(String p) {
        prefix = p;
        return this;
    }

    TinyOnnxBert addOp(String op) {
        extraOps.add(op);
        return this;
    }

    byte[] build() {
        String x = embeddings();
        for (int i = 0; i < layers; i++) {
            x = layer(i, x);
        }
        for (String op : extraOps) {
            nodes.add(node(op, List.of(x), List.of(x + "_" + op)));
        }
        // a pooler, as many exports keep it
        String pooled = linear("pooler.dense", x, hidden, hidden);
        ProtoWriter graph = new ProtoWriter();
        for (ProtoWriter n : nodes) {
            graph.message(1, n);
        }
        graph.string(2, "tiny-bert");
        for (ProtoWriter t : inits) {
            graph.message(5, t);
        }
        for (String in : List.of("input_ids", "attention_mask", "token_type_ids")) {
            graph.message(11, new ProtoWriter().string(1, in));
        }
        graph.message(12, new ProtoWriter().string(1, x));
        graph.message(12, new ProtoWriter().string(1, pooled));
        return new ProtoWriter().varint(1, 7).string(2, "tiny-test").string(3, "1")
                .message(8, new ProtoWriter().string(1, "").varint(2, 14)).message(7, graph).toByteArray();
    }

    private String embeddings() {
        String w = tensorHf("embeddings.word_embeddings.weight", vocab, hidden);
        String p = tensorHf("embeddings.position_embeddings.weight", positions, hidden);
        String t = tensorHf("embeddings.token_type_embeddings.weight", 2, hidden);
        String a = out("Gather", List.of(w, "input_ids"));
        String b = out("Gather", List.of(t, "token_type_ids"));
        String c = out("Add", List.of(a, b));
        String d = out("Gather", List.of(p, "position_ids"));
        return layerNorm("embeddings.LayerNorm", out("Add", List.of(c, d)));
    }

    private String layer(int i, String x) {
        String pre = "encoder.layer." + i + ".";
        String q = linear(pre + "attention.self.query", x, hidden, hidden);
        String k = linear(pre + "attention.self.key", x, hidden, hidden);
        String v = linear(pre + "attention.self.value", x, hidden, hidden);
        String qh = q;
        if (withReshape) {
            String s0 = out("Unsqueeze", List.of(out("Gather", List.of(out("Shape", List.of(q)), constant(0)))));
            String s1 = out("Unsqueeze", List.of(out("Gather", List.of(out("Shape", List.of(q)), constant(1)))));
            String shape = out("Concat", List.of(s0, s1, constant(heads), constant(hidden / heads)));
            qh = out("Transpose", List.of(out("Reshape", List.of(q, shape))));
        }
        String scores = out("Softmax", List.of(out("MatMul", List.of(qh, k))));
        String ctx = out("MatMul", List.of(scores, v));
        String att = linear(pre + "attention.output.dense", ctx, hidden, hidden);
        String h1 = layerNorm(pre + "attention.output.LayerNorm", out("Add", List.of(att, x)));
        String inter = linear(pre + "intermediate.dense", h1, hidden, intermediate);
        String g = out("Mul", List.of(inter, out("Erf", List.of(inter))));
        String o = linear(pre + "output.dense", g, intermediate, hidden);
        return layerNorm(pre + "output.LayerNorm", out("Add", List.of(o, h1)));
    }

    private String layerNorm(String name, String x) {
        String mean = out("ReduceMean", List.of(x));
        String d = out("Sub", List.of(x, mean));
        String var = out("ReduceMean", List.of(out("Pow", List.of(d, constant(2)))));
        String epsName = "eps_" + (tmp++);
        nodes.add(node("Constant", List.of(), List.of(epsName), "value", floatTensor(epsName, new long[0], new float[] {eps})));
        String norm = out("Div", List.of(d, out("Sqrt", List.of(out("Add", List.of(var, epsName))))));
        String gamma = tensorHf(name + ".weight", hidden);
        String beta = tensorHf(name + ".bias", hidden);
        return out("Add", List.of(out("Mul", List.of(norm, gamma)), beta));
    }

    /** A Linear as exported: anonymous [in, out] weight, MatMul, then Add with the named bias. */
    private String linear(String name, String x, int in, int outDim) {
        float[] wHf = random(outDim * in);
        hf.put(name + ".weight", wHf);
        hfShape.put(name + ".weight", new long[] {outDim, in});
        float[] stored = new float[wHf.length];
        for (int o = 0; o < outDim; o++) {
            for (int i = 0; i < in; i++) {
                stored[i * outDim + o] = wHf[o * in + i];
            }
        }
        String wName = "onnx::MatMul_" + (anon++);
        String mm;
        if (quantized) {
            // per output channel int8 weights, as ORT's quantize_dynamic(per_channel=True) writes them
            float[] scale = new float[outDim];
            byte[] q = new byte[stored.length];
            byte[] zp = new byte[outDim];
            for (int o = 0; o < outDim; o++) {
                scale[o] = 0.01f + 0.001f * o;
                zp[o] = (byte) (o % 3 - 1);
            }
            for (int i = 0; i < in; i++) {
                for (int o = 0; o < outDim; o++) {
                    int qv = Math.max(-128, Math.min(127, Math.round(stored[i * outDim + o] / scale[o]) + zp[o]));
                    q[i * outDim + o] = (byte) qv;
                    stored[i * outDim + o] = (qv - zp[o]) * scale[o];
                }
            }
            // the exact dequantized values are what the import must give back
            for (int o = 0; o < outDim; o++) {
                for (int i = 0; i < in; i++) {
                    wHf[o * in + i] = stored[i * outDim + o];
                }
            }
            inits.add(rawTensor(wName + "_quantized", OnnxTensor.INT8, new long[] {in, outDim}, q));
            inits.add(floatTensor(wName + "_scale", new long[] {outDim}, scale));
            inits.add(rawTensor(wName + "_zero_point", OnnxTensor.INT8, new long[] {outDim}, zp));
            String xq = x + "_q" + (tmp++);
            nodes.add(node("DynamicQuantizeLinear", List.of(x), List.of(xq, xq + "_scale", xq + "_zp")));
            String mi = out("MatMulInteger", List.of(xq, wName + "_quantized", xq + "_zp", wName + "_zero_point"));
            String cast = out("Cast", List.of(mi));
            mm = out("Mul", List.of(cast, out("Mul", List.of(xq + "_scale", wName + "_scale"))));
        } else {
            inits.add(floatTensor(wName, new long[] {in, outDim}, stored));
            mm = out("MatMul", List.of(x, wName));
        }
        String bias = tensorHf(name + ".bias", outDim);
        return out("Add", List.of(bias, mm));
    }

    private String tensorHf(String name, int... dims) {
        long[] shape = new long[dims.length];
        int n = 1;
        for (int i = 0; i < dims.length; i++) {
            shape[i] = dims[i];
            n *= dims[i];
        }
        float[] v = random(n);
        hf.put(name, v);
        hfShape.put(name, shape);
        inits.add(floatTensor(prefix + name, shape, v));
        return prefix + name;
    }

    private String constant(long v) {
        String name = "c_" + (tmp++);
        ProtoWriter t = new ProtoWriter().packedVarints(1, 1).varint(2, OnnxTensor.INT64).string(8, name)
                .packedVarints(7, v);
        nodes.add(node("Constant", List.of(), List.of(name), "value", t));
        return name;
    }

    private String out(String op, List<String> inputs) {
        String o = op + "_" + (tmp++);
        nodes.add(node(op, inputs, List.of(o)));
        return o;
    }

    private static ProtoWriter node(String op, List<String> in, List<String> out) {
        ProtoWriter n = new ProtoWriter();
        for (String i : in) {
            n.string(1, i);
        }
        for (String o : out) {
            n.string(2, o);
        }
        return n.string(3, "/" + op).string(4, op);
    }

    private static ProtoWriter node(String op, List<String> in, List<String> out, String attr, ProtoWriter tensor) {
        return node(op, in, out).message(5, new ProtoWriter().string(1, attr).message(5, tensor).varint(20, 4));
    }

    static ProtoWriter floatTensor(String name, long[] dims, float[] v) {
        ByteBuffer bb = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            bb.putFloat(f);
        }
        ProtoWriter t = new ProtoWriter();
        if (dims.length > 0) {
            t.packedVarints(1, dims);
        }
        return t.varint(2, OnnxTensor.FLOAT).string(8, name).bytes(9, bb.array());
    }

    static ProtoWriter rawTensor(String name, int type, long[] dims, byte[] raw) {
        ProtoWriter t = new ProtoWriter();
        if (dims.length > 0) {
            t.packedVarints(1, dims);
        }
        return t.varint(2, type).string(8, name).bytes(9, raw);
    }

    private float[] random(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) (rnd.nextGaussian() * 0.1);
        }
        return f;
    }
}
