package io.github.bertner.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal ONNX graph builder that serialises straight to the protobuf wire format of
 * onnx.proto (ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto), so the export
 * needs no protobuf library. Field numbers are those of onnx.proto; value names are generated
 * unique per graph.
 */
final class OnnxGraph {
    /** ONNX IR version 8 (ONNX 1.10+): understood by every ONNX Runtime since 1.10. */
    static final long IR_VERSION = 8;
    /** The default operator domain. */
    static final String ONNX_DOMAIN = "";
    /** ONNX Runtime's contrib operators (MatMulIntegerToFloat, DynamicQuantizeMatMul). */
    static final String MICROSOFT_DOMAIN = "com.microsoft";

    /** TensorProto.DataType values used here. */
    enum ElemType {
        FLOAT(1), UINT8(2), INT8(3), INT32(6), INT64(7);

        final int code;

        ElemType(int code) {
            this.code = code;
        }
    }

    /** One node attribute (AttributeProto) of type INT, FLOAT or INTS. */
    record Attr(String name, int type, long i, float f, long[] ints) {
        static Attr i(String name, long value) {
            return new Attr(name, 2, value, 0f, null);
        }

        static Attr f(String name, float value) {
            return new Attr(name, 1, 0, value, null);
        }

        static Attr ints(String name, long... values) {
            return new Attr(name, 7, 0, 0f, values.clone());
        }

        ProtoWriter proto() {
            ProtoWriter a = new ProtoWriter().string(1, name).varint(20, type);
            switch (type) {
                case 1 -> a.float32(2, f);
                case 2 -> a.varint(3, i);
                default -> {
                    for (long v : ints) {
                        a.varint(8, v);
                    }
                }
            }
            return a;
        }
    }

    private final String name;
    private final List<ProtoWriter> nodes = new ArrayList<>();
    /** Initializers as their small header fields plus the raw data, joined only when serialising. */
    private final List<Initializer> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();
    private final Map<String, Integer> counters = new LinkedHashMap<>();
    private long initializerBytes;

    OnnxGraph(String name) {
        this.name = name;
    }

    /** A value name not used before in this graph, from a readable hint. */
    String fresh(String hint) {
        int n = counters.merge(hint, 1, Integer::sum);
        return n == 1 ? hint : hint + "_" + n;
    }

    /** Adds a default-domain node with one output and returns the output's name. */
    String op(String opType, String[] in, Attr... attrs) {
        return op(opType, ONNX_DOMAIN, in, 1, attrs)[0];
    }

    /** Adds a default-domain node whose single output gets the given name. */
    void opTo(String opType, String[] in, String outName, Attr... attrs) {
        counters.merge(outName, 1, Integer::sum);
        nodes.add(node(opType, ONNX_DOMAIN, in, new String[] {outName}, attrs));
    }

    /** Adds a node; an empty string in {@code in} is an omitted optional input. */
    String[] op(String opType, String domain, String[] in, int outputCount, Attr... attrs) {
        String[] out = new String[outputCount];
        for (int k = 0; k < outputCount; k++) {
            out[k] = fresh(opType.toLowerCase(java.util.Locale.ROOT));
        }
        nodes.add(node(opType, domain, in, out, attrs));
        return out;
    }

    private static ProtoWriter node(String opType, String domain, String[] in, String[] out, Attr... attrs) {
        ProtoWriter node = new ProtoWriter();
        for (String s : in) {
            node.string(1, s);
        }
        for (String s : out) {
            node.string(2, s);
        }
        node.string(3, out[0] + "_node").string(4, opType);
        for (Attr a : attrs) {
            node.message(5, a.proto());
        }
        if (!domain.isEmpty()) {
            node.string(7, domain);
        }
        return node;
    }

    /** A float32 initializer, raw little-endian data. */
    String floats(String hint, long[] dims, float[] data) {
        ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        return initializer(hint, ElemType.FLOAT, dims, buf.array());
    }

    /** An int8 initializer. */
    String int8s(String hint, long[] dims, byte[] data) {
        return initializer(hint, ElemType.INT8, dims, data.clone());
    }

    /** An int64 initializer. */
    String int64s(String hint, long[] dims, long[] data) {
        ByteBuffer buf = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(data);
        return initializer(hint, ElemType.INT64, dims, buf.array());
    }

    /** A rank-0 float32 constant. */
    String scalar(String hint, float value) {
        return floats(hint, new long[0], new float[] {value});
    }

    private String initializer(String hint, ElemType type, long[] dims, byte[] raw) {
        String n = fresh(hint);
        ProtoWriter header = new ProtoWriter();
        for (long d : dims) {
            header.varint(1, d);
        }
        header.varint(2, type.code).string(8, n);
        initializers.add(new Initializer(header, raw));
        initializerBytes += raw.length;
        return n;
    }

    private record Initializer(ProtoWriter header, byte[] raw) {
        long size() {
            return header.size() + ProtoWriter.lengthDelimitedSize(9, raw.length);
        }
    }

    /** Declares a graph input; each dimension is a Long (fixed) or a String (symbolic, dynamic). */
    void input(String valueName, ElemType type, Object... dims) {
        inputs.add(valueInfo(valueName, type, dims));
    }

    /** Declares a graph output; each dimension is a Long (fixed) or a String (symbolic, dynamic). */
    void output(String valueName, ElemType type, Object... dims) {
        outputs.add(valueInfo(valueName, type, dims));
    }

    /** Total bytes of initializer data. */
    long initializerBytes() {
        return initializerBytes;
    }

    private static ProtoWriter valueInfo(String valueName, ElemType type, Object... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (Object d : dims) {
            ProtoWriter dim = new ProtoWriter();
            if (d instanceof String param) {
                dim.string(2, param);
            } else {
                dim.varint(1, ((Number) d).longValue());
            }
            shape.message(1, dim);
        }
        ProtoWriter tensor = new ProtoWriter().varint(1, type.code).message(2, shape);
        ProtoWriter typeProto = new ProtoWriter().message(1, tensor);
        return new ProtoWriter().string(1, valueName).message(2, typeProto);
    }

    /**
     * Serialises a ModelProto holding this graph.
     *
     * @param producer producer_name
     * @param version producer_version
     * @param opsets operator domain to opset version
     * @param metadata metadata_props entries
     * @return the bytes of an .onnx file
     */
    byte[] toModel(String producer, String version, Map<String, Integer> opsets, Map<String, String> metadata) {
        // the graph's small fields; initializers are streamed into the model after them
        ProtoWriter small = new ProtoWriter();
        for (ProtoWriter n : nodes) {
            small.message(1, n);
        }
        small.string(2, name);
        ProtoWriter io = new ProtoWriter();
        for (ProtoWriter v : inputs) {
            io.message(11, v);
        }
        for (ProtoWriter v : outputs) {
            io.message(12, v);
        }
        long graphSize = small.size() + io.size();
        for (Initializer t : initializers) {
            graphSize += ProtoWriter.lengthDelimitedSize(5, t.size());
        }
        if (graphSize > Integer.MAX_VALUE - 65536) {
            throw new IllegalStateException("ONNX graph of " + graphSize
                    + " bytes exceeds the 2 GB limit of a single protobuf file");
        }
        ProtoWriter model = new ProtoWriter((int) graphSize + 4096);
        model.varint(1, IR_VERSION).string(2, producer).string(3, version);
        model.lengthDelimitedHeader(7, graphSize).raw(small);
        for (Initializer t : initializers) {
            model.lengthDelimitedHeader(5, t.size()).raw(t.header());
            model.lengthDelimitedHeader(9, t.raw().length).raw(t.raw());
        }
        model.raw(io);
        opsets.forEach((domain, v) -> model.message(8, new ProtoWriter().string(1, domain).varint(2, v)));
        metadata.forEach((k, v) -> model.message(14, new ProtoWriter().string(1, k).string(2, v)));
        return model.toByteArray();
    }
}
