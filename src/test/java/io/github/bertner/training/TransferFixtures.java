package io.github.bertner.training;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.bertner.model.BertConfig;
import io.github.bertner.model.BertForMaskedLM;
import io.github.bertner.model.BertModel;
import io.github.bertner.model.HfBlock;
import io.github.bertner.model.HfCheckpoint;
import io.github.bertner.tokenization.TokenizerSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A tiny hand-made English-style base (uncased, bare {@code BertModel} tensors as {@code bertner import} writes
 * them, optionally with an MLM head) and a tiny cased Russian vocabulary folder as {@code bertner vocab} writes
 * it, for the vocabulary-transfer tests.
 */
public final class TransferFixtures {

    /** Base vocabulary (uncased): specials, then pieces that romanized Russian entries map onto. */
    public static final List<String> BASE_VOCAB = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "mo",
            "##sk", "##va", "##os", "##t", "a", "##b", "city", ".", "is", "big", "go", "##rod");

    /**
     * New vocabulary (cased): the specials in another order, entries shared verbatim with the base ("the", "."),
     * Russian ones that romanize onto base pieces, and ones that romanize onto nothing but [UNK].
     */
    public static final List<String> NEW_VOCAB = List.of("[CLS]", "[SEP]", "[PAD]", "[UNK]", "[MASK]", "Москва",
            "##ость", "the", "Ж", "город", ".", "##а", "##б", "большой", "в", "Moscow");

    /** Lines of the new language built from the new vocabulary's whole-word entries. */
    public static final List<String> TEXT = List.of("Москва город .", "большой город в Москва .", "the город .",
            "Москва большой .", "в Москва город большой .", "Ж город .", "город Москва в .", "Moscow большой город .");

    private TransferFixtures() {
    }

    /**
     * The base's architecture.
     *
     * @return a 2-layer, 16-wide config for {@link #BASE_VOCAB}
     */
    public static BertConfig baseConfig() {
        return BertConfig.builder().setVocabSize(BASE_VOCAB.size()).setHiddenSize(16).setNumHiddenLayers(2)
                .setNumAttentionHeads(2).setIntermediateSize(32).optMaxPositionEmbeddings(32).build();
    }

    /**
     * Writes the base folder.
     *
     * @param dir     target folder
     * @param withMlm whether to include an MLM head (transform and output bias)
     * @param seed    seed of the weights
     * @return the folder
     * @throws IOException on write failure
     */
    public static Path base(Path dir, boolean withMlm, long seed) throws IOException {
        BertConfig config = baseConfig();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            HfBlock block = withMlm ? new BertForMaskedLM(config, seed) : new BertModel(config, seed);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1));
            HfCheckpoint.save(dir, block, config, BASE_VOCAB, TokenizerSettings.uncased().toJson());
        }
        return dir;
    }

    /**
     * Writes the new vocabulary folder (vocab.txt + cased tokenizer_config.json).
     *
     * @param dir target folder
     * @return the folder
     * @throws IOException on write failure
     */
    public static Path vocabulary(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("vocab.txt"), NEW_VOCAB, StandardCharsets.UTF_8);
        TokenizerSettings.cased().write(dir.resolve(TokenizerSettings.FILE_NAME));
        return dir;
    }

    /**
     * Writes {@link #TEXT} as a .txt file.
     *
     * @param file target file
     * @return the file
     * @throws IOException on write failure
     */
    public static Path text(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, TEXT, StandardCharsets.UTF_8);
    }

    /**
     * The three folders most transfer tests start from.
     *
     * @param base         a base without an MLM head (seed 3)
     * @param baseWithHead a base with an MLM head (seed 4)
     * @param vocabulary   the new Russian vocabulary folder
     */
    public record Folders(Path base, Path baseWithHead, Path vocabulary) {
    }

    /**
     * @param dir where to write them
     * @return the folders, written
     * @throws IOException when writing fails
     */
    public static Folders write(Path dir) throws IOException {
        return new Folders(base(dir.resolve("base"), false, 3), base(dir.resolve("base-mlm"), true, 4),
                vocabulary(dir.resolve("ru-vocab")));
    }
}
