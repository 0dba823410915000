package io.github.bertner.model;

import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DJL block that names its parameters and child blocks the way the matching {@code torch.nn.Module}
 * of Hugging Face's {@code modeling_bert.py} does, so that checkpoint keys follow from the block tree.
 *
 * <p>Each block declares only its local names ({@code "dense.weight"}, child {@code "attention"});
 * {@link #hfParameters()} joins the names along the path with {@code '.'}, as PyTorch's
 * {@code named_parameters()} does. No block knows where it sits in the model, so moving a block
 * (a bare encoder or one under a head) cannot leave a hand-written prefix behind.
 *
 * <p>Declaration order is checkpoint order: parameters and children are listed in the order the
 * subclass declared them. Keep that order when editing a block; checkpoints written by
 * {@link HfCheckpoint#save} follow it.
 */
public abstract class HfModule extends AbstractBlock {

    /** A parameter or a child, in declaration order; exactly one of the two is set. */
    private record Member(String name, Parameter parameter, HfModule child) {
    }

    private final List<Member> members = new ArrayList<>();

    /**
     * Creates a module.
     *
     * @param version the DJL block version
     */
    protected HfModule(byte version) {
        super(version);
    }

    /**
     * Creates and registers a parameter under its local HF name.
     *
     * @param name the name relative to this module, for example {@code "LayerNorm.weight"}
     * @param type the DJL parameter type
     * @param shape the parameter shape
     * @return the parameter
     */
    protected final Parameter hfParameter(String name, Parameter.Type type, long... shape) {
        checkName(name);
        Parameter p = addParameter(BertOps.param(name, type, shape));
        members.add(new Member(name, p, null));
        return p;
    }

    /**
     * Registers a child module under its local HF name (the attribute name in modeling_bert.py;
     * {@code "layer.3"} for an element of an {@code nn.ModuleList}).
     *
     * @param name the name relative to this module
     * @param child the child
     * @param <M> the child's type
     * @return the child
     */
    protected final <M extends HfModule> M hfChild(String name, M child) {
        checkName(name);
        addChildBlock(name, child);
        members.add(new Member(name, null, child));
        return child;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            throw new IllegalArgumentException("invalid HF name '" + name + "' in " + getClass().getSimpleName());
        }
        for (Member m : members) {
            if (m.name.equals(name)) {
                throw new IllegalArgumentException("duplicate HF name '" + name + "' in " + getClass().getSimpleName());
            }
        }
    }

    /**
     * All parameters of this module and its descendants, keyed by the tensor name
     * {@code save_pretrained} would write for a model whose root is this module. A parameter used
     * elsewhere as well (the tied masked-LM decoder) is registered only by its owner, so it appears
     * once, under the owner's name.
     *
     * @return name to parameter, in declaration order; unmodifiable
     */
    public final Map<String, Parameter> hfParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", null, out);
        return Collections.unmodifiableMap(out);
    }

    /**
     * The parameters outside one child's subtree, named as in {@link #hfParameters()}: for a model
     * with a head, everything but the encoder.
     *
     * @param excluded a direct child of this module
     * @return name to parameter, in declaration order; unmodifiable
     */
    protected final Map<String, Parameter> hfParametersOutside(HfModule excluded) {
        prefixOf(excluded);
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", excluded, out);
        return Collections.unmodifiableMap(out);
    }

    /**
     * The prefix that a child's names get in this module's {@link #hfParameters()}.
     *
     * @param child this module or a direct child of it
     * @return {@code ""} for this module itself, otherwise the child's local name and {@code '.'}
     * @throws IllegalArgumentException when {@code child} is neither
     */
    protected final String prefixOf(HfModule child) {
        if (child == this) {
            return "";
        }
        for (Member m : members) {
            if (m.child == child) {
                return m.name + ".";
            }
        }
        throw new IllegalArgumentException(child.getClass().getSimpleName() + " is not a child of "
                + getClass().getSimpleName());
    }

    private void collect(String prefix, HfModule excluded, Map<String, Parameter> out) {
        for (Member m : members) {
            if (m.parameter != null) {
                out.put(prefix + m.name, m.parameter);
            } else if (m.child != excluded) {
                m.child.collect(prefix + m.name + ".", null, out);
            }
        }
    }
}
