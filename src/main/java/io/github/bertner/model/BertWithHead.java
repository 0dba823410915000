package io.github.bertner.model;

import ai.djl.nn.Parameter;

import java.util.Map;
import java.util.Set;

/**
 * What HF's {@code BertFor*} models share: the encoder registered as child {@code bert} first (so its tensors
 * come first under {@code bert.}), a head registered by the subclass after it, and the head's deterministic
 * initialisation from the seed (the encoder seeded itself).
 */
abstract class BertWithHead extends HfModule implements HfBlock {

    private final BertModel bert;
    private Set<String> headNames = Set.of();

    BertWithHead(byte version, BertModel bert) {
        super(version);
        this.bert = hfChild("bert", bert);
    }

    /** Seeds every parameter outside the encoder; the subclass calls it last in its constructor. */
    final void initHead(long seed) {
        Map<String, Parameter> head = hfParametersOutside(bert);
        BertInit.assign(head, bert.config(), seed);
        headNames = head.keySet();
    }

    @Override
    public final BertConfig config() {
        return bert.config();
    }

    @Override
    public final BertModel bert() {
        return bert;
    }

    @Override
    public final String bertPrefix() {
        return prefixOf(bert);
    }

    @Override
    public final Set<String> headParameterNames() {
        return headNames;
    }
}
