package io.github.bertner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes Hugging Face checkpoint folders ({@code config.json}, {@code model.safetensors}
 * or a sharded {@code model.safetensors.index.json}, {@code vocab.txt},
 * {@code tokenizer_config.json}) for the blocks of this package, mapping HF tensor names to DJL
 * parameters.
 *
 * <p>Name handling: legacy LayerNorm names {@code gamma}/{@code beta} are read as
 * {@code weight}/{@code bias}; checkpoints saved from a bare {@code BertModel} (no {@code bert.}
 * prefix) load into models with a head and vice versa; the pooler is kept and written back; the
 * {@code position_ids} buffer and tensors of other heads are ignored, logged and counted. A missing
 * tensor or a shape mismatch is refused with the tensor name and both shapes. Without safetensors,
 * {@code pytorch_model.bin} (or its sharded index) is read by
 * {@link io.github.bertner.importer.torch.TorchCheckpoint}, which executes nothing; other
 * formats (model.pt, TF, Flax) are refused.
 */
public final class HfCheckpoint {
    /** HF model configuration file name. */
    public static final String CONFIG_FILE = "config.json";
    /** Single-file weights. */
    public static final String WEIGHTS_FILE = "model.safetensors";
    /** Index of sharded weights. */
    public static final String WEIGHTS_INDEX_FILE = "model.safetensors.index.json";
    /** WordPiece vocabulary, one piece per line. */
    public static final String VOCAB_FILE = "vocab.txt";
    /** Tokenizer settings of HF tokenizers, copied through unchanged. */
    public static final String TOKENIZER_CONFIG_FILE = "tokenizer_config.json";

    private static final Logger LOG = LoggerFactory.getLogger(HfCheckpoint.class);
    private static final List<String> PICKLE_FILES = List.of("model.pt", "model.ckpt", "tf_model.h5", "flax_model.msgpack");

    private HfCheckpoint() {
    }

    /**
     * Reads {@code config.json} of a checkpoint folder.
     *
     * @param dir the folder
     * @return the validated configuration
     * @throws CheckpointException when the folder or file is missing or the config is invalid
     * @throws IOException when the file cannot be read
     */
    public static BertConfig readConfig(Path dir) throws IOException {
        requireDirectory(dir);
        Path file = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException("missing " + CONFIG_FILE + " in checkpoint folder " + dir);
        }
        return BertConfig.read(file);
    }

    /**
     * Reads {@code vocab.txt} when the folder has one and checks it against {@code vocab_size}.
     *
     * @param dir the folder
     * @param config the checkpoint's config
     * @return the pieces in id order, or empty when there is no vocab.txt
     * @throws CheckpointException when the line count differs from {@code vocab_size}
     * @throws IOException when the file cannot be read
     */
    public static Optional<List<String>> readVocabulary(Path dir, BertConfig config) throws IOException {
        Path file = dir.resolve(VOCAB_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        checkVocabulary(lines, config, file.toString());
        return Optional.of(List.copyOf(lines));
    }

    /**
     * Checks that a vocabulary fits the model's embedding table.
     *
     * @param vocabulary the pieces in id order
     * @param config the model configuration
     * @param source file name or other origin, for the message
     * @throws CheckpointException when the size differs from {@code vocab_size}
     */
    public static void checkVocabulary(List<String> vocabulary, BertConfig config, String source)
            throws CheckpointException {
        if (vocabulary.size() != config.vocabSize()) {
            throw new CheckpointException(String.format(Locale.ROOT,
                    "%s has %d lines but config.json vocab_size is %d; the vocabulary does not belong to this model",
                    source, vocabulary.size(), config.vocabSize()));
        }
    }

    /**
     * Fills the parameters of {@code block} from the checkpoint's safetensors weights. Parameters
     * not yet initialized are created on {@code manager}; initialized ones get their arrays replaced
     * on the manager they already live on. Only one tensor is held in Java memory at a time.
     *
     * @param dir the checkpoint folder
     * @param block the model to fill
     * @param headPolicy whether the head must be present, may be absent, or is always fresh
     * @param manager owner of newly created parameter arrays (normally the model's manager)
     * @return what was loaded, kept fresh, retained and ignored
     * @throws CheckpointException naming the file and tensor on a missing tensor, a shape
     *     mismatch, a non-float dtype, a refused pickle or a malformed file
     * @throws IOException when a file cannot be read
     */
    public static LoadReport loadWeights(Path dir, HfBlock block, HeadPolicy headPolicy, NDManager manager)
            throws IOException {
        requireDirectory(dir);
        List<SafetensorsReader> readers = openWeights(dir);
        try {
            return bind(dir, readers, block, headPolicy, manager);
        } finally {
            for (SafetensorsReader r : readers) {
                r.close();
            }
        }
    }

    private static LoadReport bind(Path dir, List<SafetensorsReader> readers, HfBlock block, HeadPolicy policy,
            NDManager manager) throws IOException {
        String prefix = block.bertPrefix();
        Map<String, Source> available = new LinkedHashMap<>();
        for (SafetensorsReader r : readers) {
            for (String original : r.tensors().keySet()) {
                String name = normalize(original, prefix);
                Source previous = available.put(name, new Source(r, original));
                if (previous != null) {
                    throw new CheckpointException(String.format(Locale.ROOT,
                            "%s: tensors '%s' (%s) and '%s' (%s) both map to '%s'", dir, previous.original,
                            previous.reader.file().getFileName(), original, r.file().getFileName(), name));
                }
            }
        }
        Map<String, Parameter> expected = block.hfParameters();
        boolean maskedLm = expected.containsKey(BertKeys.MLM_BIAS);
        if (maskedLm && !available.containsKey(BertKeys.MLM_BIAS)
                && available.containsKey(BertKeys.MLM_DECODER_BIAS)) {
            available.put(BertKeys.MLM_BIAS, available.remove(BertKeys.MLM_DECODER_BIAS));
        }
        int loaded = 0;
        List<String> fresh = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : expected.entrySet()) {
            String name = e.getKey();
            Parameter p = e.getValue();
            boolean head = block.headParameterNames().contains(name);
            Source src = available.remove(name);
            if (head && policy == HeadPolicy.FRESH) {
                if (src != null) {
                    LOG.info("{}: not loading '{}', a fresh head is requested", dir, src.original);
                    available.put(name, src);
                }
                fresh.add(name);
                continue;
            }
            if (src == null) {
                if (head && policy == HeadPolicy.LOAD_IF_PRESENT) {
                    fresh.add(name);
                    continue;
                }
                throw new CheckpointException(String.format(Locale.ROOT,
                        "%s: missing tensor '%s' (expected shape %s) in %s", dir, name, p.getShape(),
                        readers.size() == 1 ? readers.get(0).file().getFileName() : "the weight shards"));
            }
            TensorInfo info = src.reader.tensors().get(src.original);
            Shape found = new Shape(info.shape());
            if (!found.equals(p.getShape())) {
                String what = name.startsWith(BertKeys.CLASSIFIER + ".") && found.dimension() > 0 && p.getShape().dimension() > 0
                        && found.get(0) != p.getShape().get(0)
                        ? String.format(Locale.ROOT, " (the checkpoint's classifier has %d rows but the label list "
                                + "from config.json id2label has %d labels)", found.get(0), p.getShape().get(0))
                        : "";
                throw new CheckpointException(String.format(Locale.ROOT,
                        "%s: tensor '%s' in %s: expected shape %s, found %s%s", dir, src.original,
                        src.reader.file().getFileName(), p.getShape(), found, what));
            }
            assign(p, src.reader.readFloat(src.original), manager);
            loaded++;
        }
        List<String> retained = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        block.bert().retainedTensors().clear();
        for (Map.Entry<String, Source> e : available.entrySet()) {
            String name = e.getKey();
            Source src = e.getValue();
            String bertRelative = name.startsWith(prefix) ? name.substring(prefix.length()) : null;
            if (bertRelative != null && bertRelative.startsWith(BertKeys.POOLER)) {
                block.bert().retainedTensors().put(bertRelative, src.reader.readFloat(src.original));
                retained.add(name);
            } else if (maskedLm && name.equals(BertKeys.MLM_DECODER_WEIGHT)) {
                long[] shape = src.reader.tensors().get(src.original).shape();
                long[] want = {block.config().vocabSize(), block.config().hiddenSize()};
                if (!Arrays.equals(shape, want)) {
                    throw new CheckpointException(String.format(Locale.ROOT,
                            "%s: tensor '%s': expected shape %s (tied to the word embeddings), found %s", dir,
                            src.original, Arrays.toString(want), Arrays.toString(shape)));
                }
                LOG.debug("{}: '{}' is tied to the word embeddings; the embedding table is used", dir, name);
            } else if (bertRelative != null && bertRelative.equals("embeddings.position_ids")) {
                LOG.debug("{}: ignoring buffer '{}'", dir, src.original);
                ignored.add(src.original);
            } else {
                ignored.add(src.original);
            }
        }
        if (!ignored.isEmpty()) {
            LOG.info("{}: ignored {} checkpoint tensor(s) this model does not use: {}", dir, ignored.size(),
                    ignored.size() <= 8 ? ignored : ignored.subList(0, 8) + " ...");
        }
        if (!fresh.isEmpty()) {
            LOG.info("{}: {} parameter(s) start fresh: {}", dir, fresh.size(), fresh);
        }
        return new LoadReport(dir.toString(), loaded, fresh, retained, ignored);
    }

    private record Source(SafetensorsReader reader, String original) {
    }

    /**
     * Maps a checkpoint tensor name to this package's naming: legacy LayerNorm gamma/beta become
     * weight/bias, and the {@code bert.} prefix is added or removed to match the model.
     */
    static String normalize(String name, String bertPrefix) {
        String n = name;
        if (n.contains("LayerNorm.")) {
            if (n.endsWith(".gamma")) {
                n = n.substring(0, n.length() - "gamma".length()) + "weight";
            } else if (n.endsWith(".beta")) {
                n = n.substring(0, n.length() - "beta".length()) + "bias";
            }
        }
        boolean bare = n.startsWith(BertKeys.EMBEDDINGS) || n.startsWith(BertKeys.ENCODER)
                || n.startsWith(BertKeys.POOLER);
        if (bertPrefix.equals(BertKeys.BERT) && bare) {
            n = BertKeys.BERT + n;
        } else if (bertPrefix.isEmpty() && n.startsWith(BertKeys.BERT)) {
            n = n.substring(BertKeys.BERT.length());
        }
        return n;
    }

    private static void assign(Parameter p, FloatTensor t, NDManager manager) {
        NDManager target = manager;
        DataType type = DataType.FLOAT32;
        if (p.isInitialized()) {
            NDArray old = p.getArray();
            target = old.getManager();
            type = old.getDataType();
            p.close();
        }
        ai.djl.training.initializer.Initializer keep = p.getInitializer();
        p.setInitializer(new BertInit.Fixed(t));
        try {
            p.initialize(target, type);
        } finally {
            p.setInitializer(keep);
        }
    }

    private static List<SafetensorsReader> openWeights(Path dir) throws IOException {
        Path single = dir.resolve(WEIGHTS_FILE);
        Path index = dir.resolve(WEIGHTS_INDEX_FILE);
        List<SafetensorsReader> readers = new ArrayList<>();
        if (Files.isRegularFile(single)) {
            readers.add(SafetensorsReader.open(single));
            return readers;
        }
        if (Files.isRegularFile(index)) {
            try {
                for (String shard : shardNames(index)) {
                    readers.add(SafetensorsReader.open(dir.resolve(shard)));
                }
            } catch (IOException | RuntimeException e) {
                for (SafetensorsReader r : readers) {
                    r.close();
                }
                throw e;
            }
            return readers;
        }
        readers.addAll(io.github.bertner.importer.torch.TorchCheckpoint.openHfWeights(dir));
        if (!readers.isEmpty()) {
            return readers;
        }
        for (String pickle : PICKLE_FILES) {
            if (Files.exists(dir.resolve(pickle))) {
                throw new CheckpointException(String.format(Locale.ROOT,
                        "%s: found %s but no %s; only safetensors weights are loaded (pickle and other formats can "
                                + "run code or need their framework). Convert once, e.g. in Python: "
                                + "AutoModel.from_pretrained(dir).save_pretrained(dir, safe_serialization=True)",
                        dir, pickle, WEIGHTS_FILE));
            }
        }
        throw new CheckpointException("missing " + WEIGHTS_FILE + " in checkpoint folder " + dir);
    }

    /**
     * The shard files an HF sharded-checkpoint index names ({@code *.index.json}: its {@code weight_map}), in
     * first-mention order, each once; shared by the safetensors and the pickle loaders.
     *
     * @param index the index file
     * @return plain file names, to resolve against the index's folder
     * @throws CheckpointException naming the index when it is not JSON, lacks {@code weight_map}, or names a
     *     shard with a path separator
     * @throws IOException when it cannot be read
     */
    public static List<String> shardNames(Path index) throws IOException {
        try {
            JsonElement root = JsonParser.parseString(Files.readString(index, StandardCharsets.UTF_8));
            JsonElement map = root.isJsonObject() ? root.getAsJsonObject().get("weight_map") : null;
            if (map == null || !map.isJsonObject()) {
                throw new CheckpointException(index + ": expected an object 'weight_map'");
            }
            List<String> shards = new ArrayList<>();
            for (Map.Entry<String, JsonElement> e : map.getAsJsonObject().entrySet()) {
                String shard = e.getValue().getAsString();
                if (shard.contains("/") || shard.contains("\\")) {
                    throw new CheckpointException(index + ": shard name \"" + shard + "\" must be a plain file name");
                }
                if (!shards.contains(shard)) {
                    shards.add(shard);
                }
            }
            return shards;
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new CheckpointException(index + ": invalid JSON: " + e.getMessage(), e);
        }
    }

    private static void requireDirectory(Path dir) throws CheckpointException {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException("checkpoint folder " + dir + " does not exist or is not a folder");
        }
    }

    /**
     * Copies all weights of a block to plain Java tensors under their HF names, retained tensors
     * (the pooler) included.
     *
     * @param block an initialized block
     * @return name to tensor, in checkpoint order
     */
    public static Map<String, FloatTensor> exportWeights(HfBlock block) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : block.hfParameters().entrySet()) {
            NDArray a = e.getValue().getArray();
            float[] data = a.getDataType() == DataType.FLOAT32 ? a.toFloatArray()
                    : toFloats(a);
            out.put(e.getKey(), new FloatTensor(a.getShape().getShape(), data));
        }
        block.bert().retainedTensors().forEach((k, v) -> out.put(block.bertPrefix() + k, v));
        return out;
    }

    private static float[] toFloats(NDArray a) {
        try (NDArray f = a.toType(DataType.FLOAT32, true)) {
            return f.toFloatArray();
        }
    }

    /**
     * Writes a complete HF checkpoint folder: {@code config.json} (with id2label/label2id, the
     * {@code bertner} settings and {@code architectures} set for the block type),
     * {@code model.safetensors} (F32, metadata {@code format=pt} as transformers expects) and,
     * when given, {@code vocab.txt} and {@code tokenizer_config.json}.
     *
     * @param dir the target folder; created when missing, files in it are replaced
     * @param block the model
     * @param config the configuration to write (normally {@code block.config()} with labels)
     * @param vocabulary pieces in id order, or null to write no vocab.txt
     * @param tokenizerConfigJson text of tokenizer_config.json, or null to write none
     * @throws IOException when writing fails
     */
    public static void save(Path dir, HfBlock block, BertConfig config, List<String> vocabulary,
            String tokenizerConfigJson) throws IOException {
        Files.createDirectories(dir);
        if (vocabulary != null) {
            checkVocabulary(vocabulary, config, "vocabulary to save");
        }
        // the model classes carry transformers' class names, so the architecture is the class name
        String arch = block.getClass().getSimpleName();
        config.toBuilder().optArchitectures(List.of(arch)).build().write(dir.resolve(CONFIG_FILE));
        SafetensorsWriter.write(dir.resolve(WEIGHTS_FILE), exportWeights(block), Map.of("format", "pt"));
        if (vocabulary != null) {
            Files.write(dir.resolve(VOCAB_FILE), vocabulary, StandardCharsets.UTF_8);
        }
        if (tokenizerConfigJson != null) {
            Files.writeString(dir.resolve(TOKENIZER_CONFIG_FILE), tokenizerConfigJson, StandardCharsets.UTF_8);
        }
    }

    /**
     * Tells whether HF fine-tuning recipes exclude a parameter from weight decay: biases and
     * LayerNorm weights.
     *
     * @param hfName a name from {@link HfBlock#hfParameters()}
     * @return true for {@code *.bias} and {@code *LayerNorm.weight}
     */
    public static boolean isExcludedFromWeightDecay(String hfName) {
        return hfName.endsWith(".bias") || hfName.endsWith("LayerNorm.weight");
    }

}
