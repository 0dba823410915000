package io.github.bertner.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Size presets for models trained from scratch; all use 512 positions and HF defaults otherwise. */
public enum BertPreset {
    /** 2 layers, hidden 128, 2 heads, feed-forward 512. */
    TINY(2, 128, 2, 512),
    /** 4 layers, hidden 256, 4 heads, feed-forward 1024. */
    MINI(4, 256, 4, 1024),
    /** 4 layers, hidden 512, 8 heads, feed-forward 2048. */
    SMALL(4, 512, 8, 2048),
    /** 12 layers, hidden 768, 12 heads, feed-forward 3072 (BERT-base). */
    BASE(12, 768, 12, 3072);

    private final int layers;
    private final int hidden;
    private final int heads;
    private final int ffn;

    BertPreset(int layers, int hidden, int heads, int ffn) {
        this.layers = layers;
        this.hidden = hidden;
        this.heads = heads;
        this.ffn = ffn;
    }

    /**
     * Builds the configuration of this preset.
     *
     * @param vocabSize number of word pieces of the vocabulary the model will use
     * @return a validated configuration without labels
     */
    public BertConfig config(int vocabSize) {
        return BertConfig.builder().setVocabSize(vocabSize).setHiddenSize(hidden).setNumHiddenLayers(layers)
                .setNumAttentionHeads(heads).setIntermediateSize(ffn).build();
    }

    /**
     * Finds a preset by name.
     *
     * @param name one of tiny, mini, small, base (case-insensitive)
     * @return the preset
     * @throws IllegalArgumentException naming the known presets when {@code name} is not one
     */
    public static BertPreset parse(String name) {
        for (BertPreset p : values()) {
            if (p.name().equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException(String.format(Locale.ROOT, "unknown model preset \"%s\"; expected one of %s",
                name, Arrays.stream(values()).map(p -> p.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", "))));
    }
}
