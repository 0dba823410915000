package io.github.bertner.importer;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.github.bertner.model.BertKeys;
import io.github.bertner.model.BertKeys.LayerModule;
import io.github.bertner.model.FloatTensor;
import io.github.bertner.model.SafetensorsWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns an ONNX export of a BERT encoder into a Hugging Face model folder ({@code config.json},
 * {@code model.safetensors}, and with a {@code tokenizer.json} also {@code vocab.txt} and
 * {@code tokenizer_config.json}) that {@code train --base} and every model-folder reader accept.
 *
 * <p>How weights are found. Initializers that keep their HF names ({@code embeddings.…},
 * {@code encoder.layer.N.…}, with or without a {@code bert.} prefix) map by name. Exporters often
 * turn Linear weights into anonymous {@code onnx::MatMul_<n>} initializers stored {@code [in, out]};
 * those are resolved through the graph: the weight feeds a {@code MatMul} (or {@code MatMulInteger},
 * {@code Gemm}) whose output, possibly through {@code Cast}/{@code Mul} scale nodes, reaches an
 * {@code Add} with a named {@code ….bias}; the weight takes that Linear's name and is transposed to
 * HF's {@code [out, in]}. Dynamically quantized initializers ({@code <w>_quantized},
 * {@code <w>_scale}, {@code <w>_zero_point}; per tensor or per output channel; int8 or uint8) are
 * dequantized to fp32: {@code (q - zero_point) * scale}.
 *
 * <p>How the shape is found. Layers, hidden size, intermediate size, vocabulary, positions and
 * token types come from tensor shapes. The head count comes from the graph — the {@code Reshape}
 * of each layer's query projection to {@code [batch, seq, heads, head_dim]} — never from
 * {@code hidden / 64}. The layer-norm epsilon is the constant added to the variance (or the
 * {@code epsilon} of a {@code LayerNormalization} node); the activation is GELU when the graph uses
 * {@code Erf}, the tanh form when it uses {@code Tanh}.
 *
 * <p>What is refused, with what was found: fused runtime-optimized graphs (ORT's
 * {@code Attention}, {@code SkipLayerNormalization}, …), layouts that are not BERT's (DistilBERT
 * {@code transformer.layer}, RoBERTa-prefixed, missing layers), external-data weights. Tensors
 * that are not part of BERT's encoder (the pooler, sentence-embedding heads) are listed in the
 * report and dropped.
 */
public final class OnnxBertImporter {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxBertImporter.class);
    private static final Set<String> FUSED_OPS = Set.of("Attention", "MultiHeadAttention", "EmbedLayerNormalization",
            "SkipLayerNormalization", "FastGelu", "BiasGelu", "QAttention", "QOrderedAttention", "MatMulNBits",
            "DynamicQuantizeMatMul", "MatMulIntegerToFloat", "BiasSplitGelu", "QEmbedLayerNormalization");

    private final OnnxModel onnx;
    private final String source;
    private final Map<String, OnnxNode> producers;
    private final Map<String, List<OnnxNode>> consumers;

    private OnnxBertImporter(OnnxModel onnx, String source) {
        this.onnx = onnx;
        this.source = source;
        this.producers = onnx.producers();
        this.consumers = onnx.consumers();
    }

    /**
     * Maps an ONNX graph to BERT tensors and configuration.
     *
     * @param onnx   the parsed model
     * @param source where it came from, for messages and the report
     * @return the encoder's tensors (HF names, fp32, HF layout), its configuration and the report
     * @throws OnnxFormatException when the graph is not a BERT encoder this importer can map
     */
    public static ImportedBert convert(OnnxModel onnx, String source) {
        return new OnnxBertImporter(onnx, source).convert();
    }

    /**
     * Writes an imported encoder as an HF folder: {@code config.json} (model_type bert,
     * architectures BertModel), {@code model.safetensors} (F32) and, when a tokenizer is given,
     * {@code vocab.txt} and {@code tokenizer_config.json}; plus {@code import-report.json}.
     *
     * @param bert      the converted encoder
     * @param tokenizer the tokenizer, or null
     * @param out       the target folder (created; files in it are replaced)
     * @throws IOException when a file cannot be written
     * @throws OnnxFormatException when the tokenizer's vocabulary does not fit the embeddings
     */
    public static void write(ImportedBert bert, TokenizerJson.Result tokenizer, Path out) throws IOException {
        if (tokenizer != null && tokenizer.vocabulary().size() != bert.vocabSize()) {
            throw new OnnxFormatException(String.format(Locale.ROOT,
                    "tokenizer vocabulary has %d pieces but the word embeddings have %d rows; "
                            + "expected the tokenizer.json that belongs to this model",
                    tokenizer.vocabulary().size(), bert.vocabSize()));
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("config.json"), configJson(bert), StandardCharsets.UTF_8);
        SafetensorsWriter.write(out.resolve("model.safetensors"), bert.tensors(),
                Map.of("format", "pt", "source", bert.report().source()));
        if (tokenizer != null) {
            tokenizer.writeTo(out);
        }
        Files.writeString(out.resolve("import-report.json"), bert.report().toJson(), StandardCharsets.UTF_8);
        LOG.info("wrote {}: {} tensors, {} layers, hidden {}, {} heads", out, bert.tensors().size(), bert.layers(),
                bert.hidden(), bert.heads());
    }

    static String configJson(ImportedBert b) {
        JsonObject c = new JsonObject();
        com.google.gson.JsonArray arch = new com.google.gson.JsonArray();
        arch.add("BertModel");
        c.add("architectures", arch);
        c.addProperty("model_type", "bert");
        c.addProperty("vocab_size", b.vocabSize());
        c.addProperty("hidden_size", b.hidden());
        c.addProperty("num_hidden_layers", b.layers());
        c.addProperty("num_attention_heads", b.heads());
        c.addProperty("intermediate_size", b.intermediate());
        c.addProperty("hidden_act", b.hiddenAct());
        c.addProperty("hidden_dropout_prob", 0.1);
        c.addProperty("attention_probs_dropout_prob", 0.1);
        c.addProperty("max_position_embeddings", b.maxPositions());
        c.addProperty("type_vocab_size", b.typeVocabSize());
        c.addProperty("initializer_range", 0.02);
        c.addProperty("layer_norm_eps", b.layerNormEps());
        c.addProperty("pad_token_id", 0);
        c.addProperty("position_embedding_type", "absolute");
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(c) + "\n";
    }

    private ImportedBert convert() {
        refuseFused();
        List<String> notes = new ArrayList<>();
        Map<String, FloatTensor> byHfName = new LinkedHashMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        List<String> dropped = new ArrayList<>();
        Set<String> consumedAux = new HashSet<>();
        int quantized = 0;
        for (OnnxTensor t : onnx.initializers().values()) {
            String name = t.name();
            if (consumedAux.contains(name) || name.endsWith("_scale") || name.endsWith("_zero_point")) {
                continue;
            }
            boolean isQuantized = name.endsWith("_quantized");
            String base = isQuantized ? name.substring(0, name.length() - "_quantized".length()) : name;
            Optional<String> hf = hfName(base);
            boolean transpose = false;
            if (hf.isEmpty()) {
                Optional<Linear> lin = resolveLinear(name);
                if (lin.isPresent()) {
                    hf = Optional.of(lin.get().weightName());
                    transpose = lin.get().transpose();
                }
            }
            if (hf.isEmpty()) {
                if (t.dataType() == OnnxTensor.FLOAT || isQuantized) {
                    dropped.add(name + " " + Arrays.toString(t.dims()));
                }
                continue;
            }
            String key = hf.get();
            if (key.startsWith(BertKeys.POOLER)) {
                dropped.add(name + " (" + key + ": BERT pooler, not part of the encoder)");
                continue;
            }
            if (key.equals(BertKeys.POSITION_IDS)) {
                continue;
            }
            FloatTensor value;
            if (isQuantized) {
                value = dequantize(t, base, consumedAux);
                quantized++;
            } else {
                if (t.dataType() != OnnxTensor.FLOAT && t.dataType() != OnnxTensor.FLOAT16
                        && t.dataType() != OnnxTensor.DOUBLE && t.dataType() != OnnxTensor.BFLOAT16) {
                    throw new OnnxFormatException("tensor '" + name + "' (" + key + "): expected a float type, found "
                            + t.typeName());
                }
                value = new FloatTensor(t.dims().clone(), t.toFloats());
            }
            if (transpose) {
                value = transpose2d(value, name);
            }
            if (byHfName.containsKey(key)) {
                throw new OnnxFormatException("two initializers map to " + key + ": '" + origin.get(key) + "' and '"
                        + name + "'");
            }
            byHfName.put(key, value);
            origin.put(key, name);
        }
        return assemble(byHfName, origin, dropped, quantized, notes);
    }

    private ImportedBert assemble(Map<String, FloatTensor> t, Map<String, String> origin, List<String> dropped,
                                  int quantized, List<String> notes) {
        for (String k : BertKeys.EMBEDDING_TENSORS) {
            if (!t.containsKey(k)) {
                throw new OnnxFormatException("expected BERT tensor " + k + " in the graph, found none; mapped: "
                        + summarize(t.keySet()) + layoutHint());
            }
        }
        TreeSet<Integer> layerIds = new TreeSet<>();
        for (String k : t.keySet()) {
            // keys here are encoder-relative (hfName strips bert.), so a prefixed match cannot occur
            BertKeys.parseLayer(k).filter(l -> l.prefix().isEmpty()).ifPresent(l -> layerIds.add(l.index()));
        }
        if (layerIds.isEmpty()) {
            throw new OnnxFormatException("expected " + BertKeys.layerPattern() + " tensors, found none; mapped: "
                    + summarize(t.keySet()) + layoutHint());
        }
        int layers = layerIds.last() + 1;
        Map<String, FloatTensor> ordered = new LinkedHashMap<>();
        for (String k : BertKeys.EMBEDDING_TENSORS) {
            ordered.put(k, t.get(k));
        }
        for (int i = 0; i < layers; i++) {
            for (String rel : BertKeys.LAYER_TENSORS) {
                String k = BertKeys.layer(i) + rel;
                FloatTensor v = t.get(k);
                if (v == null) {
                    throw new OnnxFormatException("expected " + k + " for layer " + i + " of " + layers
                            + ", found none (the graph's Linear for it could not be resolved)");
                }
                ordered.put(k, v);
            }
        }
        for (String k : t.keySet()) {
            if (!ordered.containsKey(k)) {
                dropped.add(origin.get(k) + " (" + k + ": not a BERT encoder tensor)");
            }
        }
        long[] word = t.get(BertKeys.WORD_EMBEDDINGS).shape();
        int vocab = (int) word[0];
        int hidden = (int) word[1];
        int positions = (int) t.get(BertKeys.POSITION_EMBEDDINGS).shape()[0];
        int types = (int) t.get(BertKeys.TOKEN_TYPE_EMBEDDINGS).shape()[0];
        int intermediate = (int) t.get(BertKeys.layer(0) + LayerModule.INTERMEDIATE_DENSE.weight()).shape()[0];
        checkShapes(ordered, layers, hidden, intermediate);
        int heads = headCount(hidden, layers, origin);
        double eps = layerNormEps(notes);
        String act = activation(notes);
        ImportReport report = new ImportReport(source, onnx.producer(), onnx.irVersion(), onnx.opsets(),
                onnx.opCounts(), layers, hidden, heads, intermediate, vocab, positions, types, eps, act, quantized,
                List.copyOf(dropped), List.copyOf(notes));
        for (String d : dropped) {
            LOG.info("dropped {}", d);
        }
        return new ImportedBert(ordered, layers, hidden, heads, intermediate, vocab, positions, types, eps, act, report);
    }

    private void checkShapes(Map<String, FloatTensor> t, int layers, int hidden, int intermediate) {
        for (int i = 0; i < layers; i++) {
            String p = BertKeys.layer(i);
            // weight then bias of each module: the order of LAYER_TENSORS, so the first mismatch reported is the same
            for (LayerModule m : LayerModule.values()) {
                long out = m == LayerModule.INTERMEDIATE_DENSE ? intermediate : hidden;
                long in = m == LayerModule.OUTPUT_DENSE ? intermediate : hidden;
                checkShape(t, p + m.weight(), m.isLayerNorm() ? new long[] {hidden} : new long[] {out, in});
                checkShape(t, p + m.bias(), new long[] {out});
            }
        }
    }

    private static void checkShape(Map<String, FloatTensor> t, String key, long[] expected) {
        long[] s = t.get(key).shape();
        if (!Arrays.equals(s, expected)) {
            throw new OnnxFormatException("tensor " + key + ": expected shape " + Arrays.toString(expected)
                    + ", found " + Arrays.toString(s));
        }
    }

    private void refuseFused() {
        Set<String> found = new TreeSet<>();
        for (OnnxNode n : onnx.nodes()) {
            if (FUSED_OPS.contains(n.opType())) {
                found.add((n.domain().isEmpty() ? "" : n.domain() + ".") + n.opType());
            }
        }
        if (!found.isEmpty()) {
            throw new OnnxFormatException("expected a plain exported BERT graph (MatMul/Add/Softmax/ReduceMean…), "
                    + "found runtime-fused operators " + found + "; import the unoptimized export instead");
        }
    }

    private String layoutHint() {
        for (String n : onnx.initializers().keySet()) {
            if (n.contains("transformer.layer.") || n.contains("q_lin")) {
                return "; this looks like DistilBERT (transformer.layer.N.attention.q_lin), not BERT";
            }
            if (n.startsWith("roberta.") || n.startsWith("xlm_roberta.")) {
                return "; this looks like RoBERTa, not BERT";
            }
            if (n.startsWith("electra.") || n.startsWith("albert.") || n.startsWith("deberta.")) {
                return "; this looks like " + n.substring(0, n.indexOf('.')) + ", not BERT";
            }
        }
        return "";
    }

    private static String summarize(Set<String> keys) {
        List<String> l = new ArrayList<>(keys);
        return l.size() <= 6 ? l.toString() : l.subList(0, 6) + " and " + (l.size() - 6) + " more";
    }

    /** The HF encoder-relative name of an initializer that carries one, or empty. */
    static Optional<String> hfName(String name) {
        String n = name;
        if (n.startsWith(BertKeys.BERT)) {
            n = n.substring(BertKeys.BERT.length());
        }
        if (n.startsWith(BertKeys.EMBEDDINGS) || n.startsWith(BertKeys.POOLER)) {
            return Optional.of(n);
        }
        // after one bert. is stripped a second one is not BERT's layout, so only unprefixed layer keys count
        Optional<BertKeys.LayerKey> layer = BertKeys.parseLayer(n);
        if (layer.isPresent() && layer.get().prefix().isEmpty() && BertKeys.LAYER_TENSORS.contains(layer.get().rest())) {
            return Optional.of(n);
        }
        return Optional.empty();
    }

    /** A Linear found through the graph: the HF weight name and whether the stored tensor is [in, out]. */
    private record Linear(String weightName, boolean transpose) {
    }

    private Optional<Linear> resolveLinear(String initializer) {
        for (OnnxNode n : consumers.getOrDefault(initializer, List.of())) {
            switch (n.opType()) {
                case "MatMul", "MatMulInteger" -> {
                    if (n.input(1).equals(initializer)) {
                        return biasOf(n.output()).map(b -> new Linear(b, true));
                    }
                }
                case "Gemm" -> {
                    if (n.input(1).equals(initializer)) {
                        boolean transB = n.attributes().containsKey("transB") && n.attributes().get("transB").i() == 1;
                        Optional<String> bias = hfName(n.input(2)).filter(s -> s.endsWith(".bias"));
                        return bias.map(b -> new Linear(b.substring(0, b.length() - 4) + "weight", !transB));
                    }
                }
                case "Transpose" -> {
                    // a weight stored [out, in] and transposed in the graph is already in HF layout
                    for (OnnxNode m : consumers.getOrDefault(n.output(), List.of())) {
                        if ((m.opType().equals("MatMul") || m.opType().equals("MatMulInteger"))
                                && m.input(1).equals(n.output())) {
                            return biasOf(m.output()).map(b -> new Linear(b, false));
                        }
                    }
                }
                case "DequantizeLinear" -> {
                    // a quantized weight dequantized in the graph, then multiplied
                    for (OnnxNode m : consumers.getOrDefault(n.output(), List.of())) {
                        if (m.opType().equals("MatMul") && m.input(1).equals(n.output())) {
                            return biasOf(m.output()).map(b -> new Linear(b, true));
                        }
                    }
                }
                default -> { }
            }
        }
        return Optional.empty();
    }

    /** Follows a MatMul output through Cast/Mul (quantization rescaling) to the Add of a named bias. */
    private Optional<String> biasOf(String tensor) {
        String cur = tensor;
        for (int hop = 0; hop < 4; hop++) {
            List<OnnxNode> next = consumers.getOrDefault(cur, List.of());
            if (next.size() != 1) {
                return Optional.empty();
            }
            OnnxNode n = next.get(0);
            if (n.opType().equals("Add")) {
                String other = n.input(0).equals(cur) ? n.input(1) : n.input(0);
                return hfName(other).filter(s -> s.endsWith(".bias"))
                        .map(s -> s.substring(0, s.length() - 4) + "weight");
            }
            if (!n.opType().equals("Cast") && !n.opType().equals("Mul")) {
                return Optional.empty();
            }
            cur = n.output();
        }
        return Optional.empty();
    }

    private FloatTensor dequantize(OnnxTensor q, String base, Set<String> consumedAux) {
        OnnxTensor scale = onnx.initializers().get(base + "_scale");
        OnnxTensor zero = onnx.initializers().get(base + "_zero_point");
        if (scale == null) {
            throw new OnnxFormatException("quantized tensor '" + q.name() + "': expected its scale '" + base
                    + "_scale' among the initializers, found none");
        }
        consumedAux.add(scale.name());
        if (zero != null) {
            consumedAux.add(zero.name());
        }
        if (q.dataType() != OnnxTensor.INT8 && q.dataType() != OnnxTensor.UINT8) {
            throw new OnnxFormatException("quantized tensor '" + q.name() + "': expected INT8 or UINT8, found "
                    + q.typeName());
        }
        long[] values = q.toLongs();
        float[] s = scale.toFloats();
        long[] z = zero == null ? new long[] {0} : zero.toLongs();
        long[] dims = q.dims();
        int cols = dims.length == 2 ? (int) dims[1] : 1;
        int rows = dims.length == 2 ? (int) dims[0] : values.length;
        // per-channel scales run along the output axis: the columns of a [in, out] MatMul weight
        int axis = s.length == 1 ? -1 : dequantAxis(q.name(), s.length, rows, cols);
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            int ch = axis < 0 ? 0 : axis == 1 ? i % cols : i / cols;
            long zp = z.length == 1 ? z[0] : z[ch];
            out[i] = (values[i] - zp) * s[ch];
        }
        return new FloatTensor(dims.clone(), out);
    }

    private int dequantAxis(String name, int channels, int rows, int cols) {
        for (OnnxNode n : consumers.getOrDefault(name, List.of())) {
            if (n.opType().equals("DequantizeLinear")) {
                long axis = n.attributes().containsKey("axis") ? n.attributes().get("axis").i() : 1;
                return (int) axis;
            }
        }
        if (channels == cols) {
            return 1;
        }
        if (channels == rows) {
            return 0;
        }
        throw new OnnxFormatException("quantized tensor '" + name + "': expected " + cols + " or " + rows
                + " per-channel scales, found " + channels);
    }

    private static FloatTensor transpose2d(FloatTensor t, String name) {
        if (t.shape().length != 2) {
            throw new OnnxFormatException("Linear weight '" + name + "': expected 2 dimensions, found "
                    + Arrays.toString(t.shape()));
        }
        int r = (int) t.shape()[0];
        int c = (int) t.shape()[1];
        float[] in = t.data();
        float[] out = new float[in.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                out[j * r + i] = in[i * c + j];
            }
        }
        return new FloatTensor(new long[] {c, r}, out);
    }

    /** Reads the head count from each layer's query Reshape [batch, seq, heads, head_dim]. */
    private int headCount(int hidden, int layers, Map<String, String> origin) {
        Map<Integer, Integer> perLayer = new TreeMap<>();
        for (int i = 0; i < layers; i++) {
            String bias = origin.get(BertKeys.layer(i) + LayerModule.QUERY.bias());
            if (bias == null) {
                continue;
            }
            for (OnnxNode add : consumers.getOrDefault(bias, List.of())) {
                if (!add.opType().equals("Add")) {
                    continue;
                }
                for (OnnxNode r : consumers.getOrDefault(add.output(), List.of())) {
                    if (r.opType().equals("Reshape")) {
                        long[] shape = constantShape(r.input(1));
                        if (shape != null && shape.length == 4 && shape[2] > 0 && shape[3] > 0) {
                            if (shape[2] * shape[3] != hidden) {
                                throw new OnnxFormatException(String.format(Locale.ROOT,
                                        "layer %d: the query Reshape gives %d heads of %d, expected heads x head_dim"
                                                + " = hidden size %d", i, shape[2], shape[3], hidden));
                            }
                            perLayer.put(i, (int) shape[2]);
                        }
                    }
                }
            }
        }
        if (perLayer.isEmpty()) {
            throw new OnnxFormatException("could not find the attention head count: expected each layer's query "
                    + "projection to be reshaped to [batch, seq, heads, head_dim] with constant heads and head_dim, "
                    + "found no such Reshape");
        }
        Set<Integer> distinct = new TreeSet<>(perLayer.values());
        if (distinct.size() != 1) {
            throw new OnnxFormatException("expected the same head count in every layer, found " + perLayer);
        }
        if (perLayer.size() != layers) {
            LOG.warn("head count found in {} of {} layers", perLayer.size(), layers);
        }
        return distinct.iterator().next();
    }

    /** A Reshape target as constants, with -1 for entries computed at run time; null when unknown. */
    private long[] constantShape(String name) {
        Optional<OnnxTensor> c = onnx.constant(name, producers);
        if (c.isPresent()) {
            return c.get().toLongs();
        }
        OnnxNode p = producers.get(name);
        if (p == null || !p.opType().equals("Concat")) {
            return null;
        }
        List<Long> parts = new ArrayList<>();
        for (String in : p.inputs()) {
            Optional<OnnxTensor> k = onnx.constant(in, producers);
            if (k.isEmpty()) {
                OnnxNode q = producers.get(in);
                if (q != null && q.opType().equals("Unsqueeze")) {
                    k = onnx.constant(q.input(0), producers);
                }
            }
            if (k.isPresent()) {
                for (long v : k.get().toLongs()) {
                    parts.add(v);
                }
            } else {
                parts.add(-1L);
            }
        }
        return parts.stream().mapToLong(Long::longValue).toArray();
    }

    private double layerNormEps(List<String> notes) {
        TreeSet<Double> found = new TreeSet<>();
        for (OnnxNode n : onnx.nodes()) {
            if (n.opType().equals("LayerNormalization")) {
                OnnxAttribute e = n.attributes().get("epsilon");
                found.add(e == null ? 1e-5 : (double) e.f());
            } else if (n.opType().equals("Sqrt")) {
                OnnxNode add = producers.get(n.input(0));
                if (add != null && add.opType().equals("Add")) {
                    for (String in : add.inputs()) {
                        Optional<OnnxTensor> c = onnx.constant(in, producers);
                        if (c.isPresent() && c.get().numel() == 1) {
                            found.add((double) c.get().toFloats()[0]);
                        }
                    }
                }
            }
        }
        if (found.isEmpty()) {
            notes.add("no layer-norm epsilon in the graph; using BERT's 1e-12");
            return 1e-12;
        }
        if (found.size() > 1) {
            notes.add("several layer-norm epsilons " + found + "; using the smallest");
        }
        // stored as float32 in the graph: round to the decimal it was written from (1e-12, not 9.9999998e-13)
        double eps = found.first();
        return Double.parseDouble(String.format(Locale.ROOT, "%.6g", eps));
    }

    private String activation(List<String> notes) {
        Map<String, Integer> ops = onnx.opCounts();
        if (ops.containsKey("Erf")) {
            return "gelu";
        }
        if (ops.containsKey("Tanh")) {
            return "gelu_new";
        }
        if (ops.containsKey("Relu")) {
            return "relu";
        }
        notes.add("no Erf, Tanh or Relu in the graph; assuming BERT's gelu");
        return "gelu";
    }

    /**
     * An imported encoder.
     *
     * @param tensors       HF encoder-relative names to fp32 tensors in HF layout, embeddings then layers
     * @param layers        number of layers
     * @param hidden        hidden size
     * @param heads         attention heads (from the graph)
     * @param intermediate  feed-forward size
     * @param vocabSize     word-embedding rows
     * @param maxPositions  position-embedding rows
     * @param typeVocabSize token-type rows
     * @param layerNormEps  layer-norm epsilon
     * @param hiddenAct     HF hidden_act string
     * @param report        what was read, mapped and dropped
     */
    public record ImportedBert(Map<String, FloatTensor> tensors, int layers, int hidden, int heads, int intermediate,
                               int vocabSize, int maxPositions, int typeVocabSize, double layerNormEps,
                               String hiddenAct, ImportReport report) {
        /** Checks the pieces agree. */
        public ImportedBert {
            Objects.requireNonNull(tensors, "tensors");
            Objects.requireNonNull(report, "report");
        }
    }
}
