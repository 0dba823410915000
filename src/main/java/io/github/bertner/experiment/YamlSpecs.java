package io.github.bertner.experiment;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.internal.LazilyParsedNumber;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a YAML experiment spec into the JSON tree the spec reader takes, so a YAML spec and its JSON twin
 * are the same spec (same runs, same run ids).
 * <p>
 * The YAML is composed into nodes, never constructed into objects: no tag can instantiate a class, and a
 * number keeps the spelling it was written with ({@code 5e-4} stays {@code 5e-4} in setting labels, as in
 * JSON). Scalars follow YAML 1.1 resolution (SnakeYAML's): {@code yes}/{@code on} are booleans, {@code ~}
 * and an empty value are null, {@code 1_000} and {@code .5} are numbers (written back in JSON form).
 * A duplicate key, an explicit tag, or a value JSON cannot hold (infinity, a hexadecimal number) is an
 * error naming its line and column.
 */
public final class YamlSpecs {

    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
    private static final Set<Tag> STRING_TAGS = Set.of(Tag.STR, Tag.TIMESTAMP);

    private YamlSpecs() {
    }

    /**
     * Converts a YAML document to JSON.
     *
     * @param text the YAML text (one document)
     * @return the document as a JSON tree; {@link JsonNull} for an empty document
     * @throws IllegalArgumentException naming the line and column of a syntax error or of a value JSON cannot
     *                                  hold
     */
    public static JsonElement toJson(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        // aliases are legal but a spec never needs many; this keeps a "billion laughs" document small
        options.setMaxAliasesForCollections(50);
        Node root;
        try {
            root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = m == null ? "" : "line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1) + ": ";
            throw new IllegalArgumentException("not valid YAML: " + where + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getMessage(), e);
        }
        return root == null ? JsonNull.INSTANCE : convert(root);
    }

    private static JsonElement convert(Node node) {
        if (node instanceof MappingNode map) {
            JsonObject o = new JsonObject();
            for (NodeTuple t : map.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode key)) {
                    throw error(t.getKeyNode(), "expected a plain key, found a " + kind(t.getKeyNode()));
                }
                if (o.has(key.getValue())) {
                    throw error(key, "duplicate key '" + key.getValue() + "'");
                }
                o.add(key.getValue(), convert(t.getValueNode()));
            }
            return o;
        }
        if (node instanceof SequenceNode seq) {
            JsonArray a = new JsonArray();
            for (Node item : seq.getValue()) {
                a.add(convert(item));
            }
            return a;
        }
        ScalarNode scalar = (ScalarNode) node;
        String value = scalar.getValue();
        Tag tag = scalar.getTag();
        if (STRING_TAGS.contains(tag)) {
            return new JsonPrimitive(value);
        }
        if (tag.equals(Tag.NULL)) {
            return JsonNull.INSTANCE;
        }
        if (tag.equals(Tag.BOOL)) {
            String v = value.toLowerCase(Locale.ROOT);
            return new JsonPrimitive(v.equals("true") || v.equals("yes") || v.equals("on"));
        }
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            return new JsonPrimitive(new LazilyParsedNumber(number(scalar)));
        }
        throw error(scalar, "expected a string, number, boolean or null, found tag " + tag + " on '" + value + "'");
    }

    /** The number in JSON spelling: the text itself when it already is one, else its decimal value. */
    private static String number(ScalarNode scalar) {
        String value = scalar.getValue();
        String plain = value.replace("_", "");
        if (plain.startsWith("+")) {
            plain = plain.substring(1);
        }
        if (JSON_NUMBER.matcher(plain).matches()) {
            return plain;
        }
        boolean octal = plain.matches("-?0[0-7]+");
        if (!octal) {
            try {
                return new BigDecimal(plain).toString();
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw error(scalar, "expected a decimal number, found '" + value + "'"
                + (octal ? " (a leading zero makes it octal in YAML 1.1; drop the zero or quote the value)" : ""));
    }

    private static String kind(Node node) {
        return node instanceof MappingNode ? "mapping" : node instanceof SequenceNode ? "sequence" : "scalar";
    }

    private static IllegalArgumentException error(Node node, String message) {
        Mark m = node.getStartMark();
        return new IllegalArgumentException("line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1) + ": "
                + message);
    }
}
