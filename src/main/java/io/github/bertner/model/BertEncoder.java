package io.github.bertner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * HF {@code BertEncoder}: {@code num_hidden_layers} {@link BertLayer}s applied in turn, named
 * {@code layer.0}, {@code layer.1}, … like the elements of HF's {@code nn.ModuleList}.
 *
 * <p>Input: hidden states (B,S,H) and the additive mask (B,1,1,S). Output: the last hidden
 * state (B,S,H).
 */
public final class BertEncoder extends HfModule {
    private static final byte VERSION = 1;

    private final List<BertLayer> layers = new ArrayList<>();

    /**
     * Creates the layer stack.
     *
     * @param config the model configuration
     */
    public BertEncoder(BertConfig config) {
        super(VERSION);
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            layers.add(hfChild("layer." + i, new BertLayer(config)));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.get(1);
        for (BertLayer layer : layers) {
            x = layer.forward(ps, new NDList(x, mask), training).singletonOrThrow();
        }
        return new NDList(x);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (BertLayer layer : layers) {
            layer.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
