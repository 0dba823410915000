package io.github.bertner.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.Map;
import java.util.Set;

/**
 * A whole model (the root of a checkpoint: {@link BertModel}, {@link BertForTokenClassification},
 * {@link BertForMaskedLM}) whose parameters carry Hugging Face tensor names, so it can be loaded
 * from and saved to an HF checkpoint by {@link HfCheckpoint}, and so a trainer can address
 * parameters by the names it knows from PyTorch (for example to exclude biases and LayerNorm
 * weights from weight decay, see {@link HfCheckpoint#isExcludedFromWeightDecay(String)}). The names
 * come from the block tree, see {@link HfModule}.
 */
public interface HfBlock extends Block {

    /**
     * All trainable parameters, keyed by the tensor name {@code save_pretrained} would write.
     * A tied parameter appears once, under its owner's name. Implemented by
     * {@link HfModule#hfParameters()}.
     *
     * @return name to parameter, in a stable order; unmodifiable
     */
    Map<String, Parameter> hfParameters();

    /**
     * The configuration the block was built from.
     *
     * @return the config
     */
    BertConfig config();

    /**
     * The {@link BertModel} inside this block (the block itself for a bare {@code BertModel}).
     *
     * @return the encoder with its embeddings
     */
    BertModel bert();

    /**
     * The prefix of {@link #bert()}'s tensor names in this block's checkpoints, derived from the
     * block tree.
     *
     * @return {@code "bert."} for models with a head, {@code ""} for a bare {@code BertModel}
     */
    String bertPrefix();

    /**
     * The parameters a base (encoder-only) checkpoint may lack; they keep their fresh
     * initialisation when loading with a fresh head.
     *
     * @return HF names of the head parameters
     */
    Set<String> headParameterNames();
}
