package io.github.bertner.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an ONNX {@code ModelProto} that an importer reads: the producer, opsets, the main
 * graph's nodes, initializers (weights) and its input and output names. Nested graphs of control
 * flow nodes are not read: a BERT encoder has none.
 *
 * <p>Field numbers follow {@code onnx.proto} (ModelProto: 1 ir_version, 2 producer_name,
 * 3 producer_version, 7 graph, 8 opset_import; GraphProto: 1 node, 5 initializer, 11 input,
 * 12 output; NodeProto: 1 input, 2 output, 3 name, 4 op_type, 5 attribute, 7 domain).
 *
 * @param irVersion       the ONNX IR version
 * @param producer        producer name and version, for reports
 * @param opsets          opset version per domain ("" is the default ONNX domain)
 * @param nodes           graph nodes in file order (topologically sorted, as ONNX requires)
 * @param initializers    named constant tensors of the graph, in file order
 * @param inputs          graph input names (those that are not initializers)
 * @param outputs         graph output names
 */
public record OnnxModel(long irVersion, String producer, Map<String, Long> opsets, List<OnnxNode> nodes,
                        Map<String, OnnxTensor> initializers, List<String> inputs, List<String> outputs) {

    /** Freezes the collections. */
    public OnnxModel {
        opsets = Collections.unmodifiableMap(new LinkedHashMap<>(opsets));
        nodes = List.copyOf(nodes);
        initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * Reads an ONNX file. The whole file is held in memory (ONNX protobufs are limited to 2 GiB;
     * larger models use external data, which is refused with a message).
     *
     * @param file the {@code .onnx} file
     * @return the model
     * @throws IOException when the file cannot be read
     * @throws OnnxFormatException naming the file when it is not a readable ONNX model
     */
    public static OnnxModel read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /**
     * Parses ONNX bytes.
     *
     * @param bytes  the serialized ModelProto
     * @param source file name for messages
     * @return the model
     * @throws OnnxFormatException naming the source when it is not a readable ONNX model
     */
    public static OnnxModel parse(byte[] bytes, String source) {
        try {
            return parseModel(new ProtoReader(bytes, 0, bytes.length));
        } catch (OnnxFormatException e) {
            throw new OnnxFormatException(source + ": " + e.getMessage(), e);
        }
    }

    private static OnnxModel parseModel(ProtoReader r) {
        long ir = -1;
        String producerName = "";
        String producerVersion = "";
        Map<String, Long> opsets = new LinkedHashMap<>();
        ProtoReader graph = null;
        while (r.next()) {
            switch (r.fieldNumber()) {
                case 1 -> ir = r.varint();
                case 2 -> producerName = r.string();
                case 3 -> producerVersion = r.string();
                case 7 -> graph = r.message();
                case 8 -> {
                    ProtoReader o = r.message();
                    String domain = "";
                    long version = 0;
                    while (o.next()) {
                        if (o.fieldNumber() == 1) {
                            domain = o.string();
                        } else if (o.fieldNumber() == 2) {
                            version = o.varint();
                        } else {
                            o.skip();
                        }
                    }
                    opsets.put(domain, version);
                }
                default -> r.skip();
            }
        }
        if (graph == null || ir < 0) {
            throw new OnnxFormatException("expected an ONNX ModelProto with ir_version and a graph, found "
                    + (ir < 0 ? "no ir_version" : "no graph") + " (not an ONNX model file?)");
        }
        List<OnnxNode> nodes = new ArrayList<>();
        Map<String, OnnxTensor> inits = new LinkedHashMap<>();
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        while (graph.next()) {
            switch (graph.fieldNumber()) {
                case 1 -> nodes.add(parseNode(graph.message()));
                case 5 -> {
                    OnnxTensor t = OnnxTensor.parse(graph.message());
                    inits.put(t.name(), t);
                }
                case 11 -> inputs.add(valueInfoName(graph.message()));
                case 12 -> outputs.add(valueInfoName(graph.message()));
                default -> graph.skip();
            }
        }
        inputs.removeIf(inits::containsKey);
        String producer = (producerName + " " + producerVersion).trim();
        return new OnnxModel(ir, producer.isEmpty() ? "(unknown producer)" : producer, opsets, nodes, inits,
                inputs, outputs);
    }

    private static String valueInfoName(ProtoReader r) {
        String name = "";
        while (r.next()) {
            if (r.fieldNumber() == 1) {
                name = r.string();
            } else {
                r.skip();
            }
        }
        return name;
    }

    private static OnnxNode parseNode(ProtoReader r) {
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        String name = "";
        String op = "";
        String domain = "";
        Map<String, OnnxAttribute> attrs = new LinkedHashMap<>();
        while (r.next()) {
            switch (r.fieldNumber()) {
                case 1 -> in.add(r.string());
                case 2 -> out.add(r.string());
                case 3 -> name = r.string();
                case 4 -> op = r.string();
                case 5 -> {
                    OnnxAttribute a = OnnxAttribute.parse(r.message());
                    attrs.put(a.name(), a);
                }
                case 7 -> domain = r.string();
                default -> r.skip();
            }
        }
        return new OnnxNode(name, op, domain, in, out, attrs);
    }

    /**
     * Index from tensor name to the node that produces it.
     *
     * @return producer by output name
     */
    public Map<String, OnnxNode> producers() {
        Map<String, OnnxNode> m = new HashMap<>();
        for (OnnxNode n : nodes) {
            for (String o : n.outputs()) {
                m.put(o, n);
            }
        }
        return m;
    }

    /**
     * Index from tensor name to the nodes that read it.
     *
     * @return consumers by input name, in node order
     */
    public Map<String, List<OnnxNode>> consumers() {
        Map<String, List<OnnxNode>> m = new HashMap<>();
        for (OnnxNode n : nodes) {
            for (String i : n.inputs()) {
                m.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
            }
        }
        return m;
    }

    /**
     * The constant value of a tensor name: an initializer, or the output of a {@code Constant} node.
     *
     * @param name      tensor name
     * @param producers the index from {@link #producers()}
     * @return the constant, or empty when the value is computed at run time
     */
    public Optional<OnnxTensor> constant(String name, Map<String, OnnxNode> producers) {
        OnnxTensor t = initializers.get(name);
        if (t != null) {
            return Optional.of(t);
        }
        OnnxNode p = producers.get(name);
        if (p != null && p.opType().equals("Constant")) {
            OnnxAttribute v = p.attributes().get("value");
            if (v != null && v.tensor() != null) {
                return Optional.of(v.tensor());
            }
            OnnxAttribute ints = p.attributes().get("value_ints");
            if (ints != null) {
                return Optional.of(OnnxTensor.ofLongs(name, ints.ints()));
            }
            OnnxAttribute i = p.attributes().get("value_int");
            if (i != null) {
                return Optional.of(OnnxTensor.ofLongs(name, new long[] {i.i()}));
            }
        }
        return Optional.empty();
    }

    /**
     * Counts the nodes by operator, for reports and refusals.
     *
     * @return op type to count, in first-seen order
     */
    public Map<String, Integer> opCounts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (OnnxNode n : nodes) {
            String key = n.domain().isEmpty() || n.domain().equals("ai.onnx") ? n.opType()
                    : n.domain() + "." + n.opType();
            m.merge(key, 1, Integer::sum);
        }
        return m;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "OnnxModel[ir %d, %s, %d nodes, %d initializers]", irVersion, producer,
                nodes.size(), initializers.size());
    }
}
