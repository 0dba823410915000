package io.github.bertner.importer;

import java.util.ArrayList;
import java.util.List;

/**
 * One ONNX node attribute; only the fields an importer reads (AttributeProto: 1 name, 2 f, 3 i,
 * 4 s, 5 t, 7 floats, 8 ints).
 *
 * @param name   attribute name
 * @param f      float value (0 when absent)
 * @param i      integer value (0 when absent)
 * @param s      string value (empty when absent)
 * @param tensor tensor value, or null
 * @param floats float list (empty when absent)
 * @param ints   integer list (empty when absent)
 */
public record OnnxAttribute(String name, float f, long i, String s, OnnxTensor tensor, float[] floats, long[] ints) {

    static OnnxAttribute parse(ProtoReader r) {
        String name = "";
        float f = 0;
        long i = 0;
        String s = "";
        OnnxTensor t = null;
        List<Float> floats = new ArrayList<>();
        List<Long> ints = new ArrayList<>();
        while (r.next()) {
            switch (r.fieldNumber()) {
                case 1 -> name = r.string();
                case 2 -> f = r.fixed32Float();
                case 3 -> i = r.varint();
                case 4 -> s = r.string();
                case 5 -> t = OnnxTensor.parse(r.message());
                case 7 -> r.floats(floats::add);
                case 8 -> r.varints(ints::add);
                default -> r.skip();
            }
        }
        float[] fa = new float[floats.size()];
        for (int k = 0; k < fa.length; k++) {
            fa[k] = floats.get(k);
        }
        return new OnnxAttribute(name, f, i, s, t, fa, ints.stream().mapToLong(Long::longValue).toArray());
    }
}
