package io.github.bertner.training;

import ai.djl.Device;
import io.github.bertner.model.BertConfig;
import io.github.bertner.model.ModelSettings;
import io.github.bertner.tokenization.TokenizerSettings;
import io.github.bertner.tokenization.VocabBuilder;
import io.github.bertner.tokenization.WordPieceVocab;

import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The options every trainer shares (fine-tuning and MLM pretraining) and the one place that turns them into a
 * starting model: a base folder to continue from, or a from-scratch architecture (explicit config or preset)
 * over a vocabulary learnt from text.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class TrainerBuilder<B extends TrainerBuilder<B>> {
    TrainingConfig config;
    Path baseModel;
    String preset = "mini";
    BertConfig modelConfig;
    int vocabSize = 8000;
    TokenizerSettings tokenizerSettings = TokenizerSettings.cased();
    int maxLength = ModelSettings.DEFAULT_MAX_LENGTH;
    int batchSize = 32;
    Device device = Device.cpu();
    ProgressListener listener = new ProgressListener() { };

    TrainerBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * @param c optimisation settings and output folder
     * @return this builder
     */
    public B setConfig(TrainingConfig c) {
        config = c;
        return self();
    }

    /**
     * @param dir pretrained Hugging Face BERT folder to start from (config.json, model.safetensors, vocab.txt)
     * @return this builder
     */
    public B optBaseModel(Path dir) {
        baseModel = dir;
        return self();
    }

    /**
     * @param name size preset for training from scratch: tiny, mini, small or base (default mini)
     * @return this builder
     */
    public B optPreset(String name) {
        preset = name;
        return self();
    }

    /**
     * @param c explicit architecture for training from scratch (its vocabulary size is replaced)
     * @return this builder
     */
    public B optModelConfig(BertConfig c) {
        modelConfig = c;
        return self();
    }

    /**
     * @param size size of the vocabulary learnt for training from scratch (default 8000)
     * @return this builder
     */
    public B optVocabSize(int size) {
        vocabSize = size;
        return self();
    }

    /**
     * @param s tokenizer settings of a from-scratch model (default cased)
     * @return this builder
     */
    public B optTokenizerSettings(TokenizerSettings s) {
        tokenizerSettings = Objects.requireNonNull(s, "tokenizerSettings");
        return self();
    }

    /**
     * @param n sequence (window) length in pieces including [CLS] and [SEP] (default 128)
     * @return this builder
     */
    public B optMaxLength(int n) {
        maxLength = n;
        return self();
    }

    /**
     * @param n sequences (windows) per batch (default 32)
     * @return this builder
     */
    public B optBatchSize(int n) {
        batchSize = n;
        return self();
    }

    /**
     * @param d device to train on (default CPU)
     * @return this builder
     */
    public B optDevice(Device d) {
        device = d;
        return self();
    }

    /**
     * @param l progress receiver
     * @return this builder
     */
    public B optListener(ProgressListener l) {
        listener = l;
        return self();
    }

    /**
     * Learns a vocabulary for a from-scratch model.
     *
     * @param lines whitespace-separated text
     * @return the vocabulary
     */
    WordPieceVocab learnVocabulary(Stream<String> lines) {
        return VocabBuilder.builder().setVocabSize(vocabSize).optSettings(tokenizerSettings).build().train(lines);
    }

    /**
     * The architecture of a from-scratch model.
     *
     * @param vocabularySize size of its vocabulary
     * @return the explicit config with that vocabulary size, or the preset's
     */
    BertConfig scratchConfig(int vocabularySize) {
        return modelConfig != null ? modelConfig.toBuilder().setVocabSize(vocabularySize).build()
                : BertConfig.preset(preset, vocabularySize);
    }

    /** @return the preset name, or "custom" for an explicit config */
    String architectureName() {
        return modelConfig != null ? "custom" : preset;
    }

    void requireConfig() {
        Objects.requireNonNull(config, "config");
    }
}
