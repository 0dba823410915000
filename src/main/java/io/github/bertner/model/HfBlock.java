package io.github.bertner.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.Map;
import java.util.Set;

/**
 * A DJL block whose parameters carry Hugging Face tensor names, so it can be loaded from and saved
 * to an HF checkpoint by {@link HfCheckpoint}, and so a trainer can address parameters by the
 * names it knows from PyTorch (for example to exclude biases and LayerNorm weights from weight
 * decay, see {@link HfCheckpoint#isExcludedFromWeightDecay(String)}).
 */
public interface HfBlock extends Block {

    /**
     * All trainable parameters, keyed by the tensor name {@code save_pretrained} would write.
     * A tied parameter appears once, under its owner's name.
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
     * The BERT encoder inside this block (the block itself for a bare encoder).
     *
     * @return the encoder
     */
    BertEncoderModel encoder();

    /**
     * The prefix of encoder tensor names in this block's checkpoints.
     *
     * @return {@code "bert."} for models with a head, {@code ""} for a bare encoder
     */
    String encoderPrefix();

    /**
     * The parameters a base (encoder-only) checkpoint may lack; they keep their fresh
     * initialisation when loading with a fresh head.
     *
     * @return HF names of the head parameters
     */
    Set<String> headParameterNames();
}
