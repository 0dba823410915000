package io.github.bertner.importer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ONNX graph node.
 *
 * @param name       node name (may be empty)
 * @param opType     operator, e.g. {@code MatMul}
 * @param domain     operator domain; empty for the default ONNX domain
 * @param inputs     input tensor names; an empty string marks an omitted optional input
 * @param outputs    output tensor names
 * @param attributes attributes by name
 */
public record OnnxNode(String name, String opType, String domain, List<String> inputs, List<String> outputs,
                       Map<String, OnnxAttribute> attributes) {

    /** Freezes the collections. */
    public OnnxNode {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /**
     * @param i input position
     * @return the input name, or empty string when absent
     */
    public String input(int i) {
        return i < inputs.size() ? inputs.get(i) : "";
    }

    /** @return the first output's name */
    public String output() {
        return outputs.isEmpty() ? "" : outputs.get(0);
    }

    @Override
    public String toString() {
        return opType + (name.isEmpty() ? "" : " '" + name + "'") + " " + inputs + " -> " + outputs;
    }
}
