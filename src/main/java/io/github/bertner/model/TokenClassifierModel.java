package io.github.bertner.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A BERT token classifier ready for inference and training: the facade other packages use.
 * NDArrays stay inside; callers pass and receive plain Java arrays.
 *
 * <p>Each {@link #logits} call works in its own NDManager sub-scope, so nothing accumulates on
 * the model manager however many calls are made, and turns PyTorch grad mode off on the calling
 * thread for the duration of the call (restoring it afterwards, so a training thread can run
 * validation in between steps).
 *
 * <p>For training, {@link #djlModel()} gives the DJL {@link Model} (its block is
 * {@link #block()}); {@code model.newTrainer(config)} and {@code trainer.initialize(shapes)} work
 * because all parameters are already initialized and output shapes need no probing. A manual
 * loop can use {@link #parameters()} with a {@code ParameterStore} and {@code GradientCollector}.
 */
public final class TokenClassifierModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TokenClassifierModel.class);
    private static final String ENGINE = "PyTorch";

    private final Model model;
    private final BertForTokenClassification block;
    private volatile BertConfig config;
    private final LoadReport loadReport;
    private List<String> vocabulary;
    private String tokenizerConfig;

    private TokenClassifierModel(Model model, BertForTokenClassification block, BertConfig config,
            LoadReport loadReport) {
        this.model = model;
        this.block = block;
        this.config = config;
        this.loadReport = loadReport;
    }

    /**
     * Loads a fine-tuned token classifier from an HF checkpoint folder; labels come from
     * {@code config.json} id2label.
     *
     * @param dir the folder with config.json and model.safetensors (vocab.txt and
     *     tokenizer_config.json are kept when present)
     * @param device where to run
     * @return the model; close it
     * @throws CheckpointException when the folder is incomplete or inconsistent, naming file and value
     * @throws IOException when a file cannot be read
     */
    public static TokenClassifierModel load(Path dir, Device device) throws IOException {
        BertConfig config = HfCheckpoint.readConfig(dir);
        if (config.labels().isEmpty()) {
            throw new CheckpointException(dir.resolve(HfCheckpoint.CONFIG_FILE)
                    + ": no id2label; this is not a token-classification checkpoint (use fromBase with a label list)");
        }
        return open(dir, config, device, 0L, HeadPolicy.REQUIRE);
    }

    /**
     * Loads a pretrained encoder from an HF checkpoint folder and puts a fresh classification head
     * for {@code labels} on top; any head in the checkpoint is ignored.
     *
     * @param baseDir the folder with config.json and model.safetensors
     * @param labels the label list in id order
     * @param device where to run
     * @param seed seed of the fresh head
     * @return the model; close it
     * @throws CheckpointException when the folder is incomplete or inconsistent
     * @throws IOException when a file cannot be read
     */
    public static TokenClassifierModel fromBase(Path baseDir, List<String> labels, Device device, long seed)
            throws IOException {
        BertConfig config = HfCheckpoint.readConfig(baseDir).withLabels(labels);
        return open(baseDir, config, device, seed, HeadPolicy.FRESH);
    }

    /**
     * Creates a model with all weights freshly initialized (HF scheme, deterministic for the seed).
     *
     * @param config the configuration (labels in it are replaced by {@code labels})
     * @param labels the label list in id order
     * @param device where to run
     * @param seed seed of all weights
     * @return the model; close it
     */
    public static TokenClassifierModel create(BertConfig config, List<String> labels, Device device, long seed) {
        BertConfig withLabels = config.withLabels(labels);
        Model model = Model.newInstance("bertner-token-classifier", device, ENGINE);
        try {
            BertForTokenClassification block = new BertForTokenClassification(withLabels, labels.size(), seed);
            model.setBlock(block);
            initialize(block, model.getNDManager());
            return new TokenClassifierModel(model, block, withLabels,
                    new LoadReport("(new)", 0, List.copyOf(block.hfParameters().keySet()), List.of(), List.of()));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static TokenClassifierModel open(Path dir, BertConfig config, Device device, long seed, HeadPolicy policy)
            throws IOException {
        if (config.labels().isEmpty()) {
            throw new IllegalArgumentException("the label list is empty");
        }
        Optional<List<String>> vocab = HfCheckpoint.readVocabulary(dir, config);
        Path tokCfg = dir.resolve(HfCheckpoint.TOKENIZER_CONFIG_FILE);
        String tokenizerConfig = Files.isRegularFile(tokCfg) ? Files.readString(tokCfg, StandardCharsets.UTF_8) : null;
        Path fast = dir.resolve(io.github.bertner.importer.TokenizerJson.FILE_NAME);
        if (vocab.isEmpty() && Files.isRegularFile(fast)) {
            io.github.bertner.importer.TokenizerJson.Result t = io.github.bertner.importer.TokenizerJson.read(fast);
            HfCheckpoint.checkVocabulary(t.vocabulary(), config, fast.toString());
            vocab = Optional.of(t.vocabulary());
            tokenizerConfig = t.tokenizerConfigJson();
        }
        Model model = Model.newInstance("bertner-token-classifier", device, ENGINE);
        try {
            BertForTokenClassification block = new BertForTokenClassification(config, config.labels().size(), seed);
            model.setBlock(block);
            LoadReport report = HfCheckpoint.loadWeights(dir, block, policy, model.getNDManager());
            initialize(block, model.getNDManager());
            TokenClassifierModel m = new TokenClassifierModel(model, block, config, report);
            m.vocabulary = vocab.orElse(null);
            m.tokenizerConfig = tokenizerConfig;
            LOG.info("loaded {} ({} tensors, {} fresh, {} ignored) on {}", dir, report.loadedTensors(),
                    report.freshParameters().size(), report.ignoredTensors().size(), device);
            return m;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static void initialize(BertForTokenClassification block, NDManager manager) {
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1));
    }

    /**
     * Computes logits without dropout, with grad mode off, token types all zero.
     *
     * @param inputIds piece ids, one row per sequence; all rows of equal length
     * @param attentionMask 1 for real and 0 for padded positions, same shape as {@code inputIds}
     * @return logits {@code [batch][position][label]}
     * @throws IllegalArgumentException when shapes disagree, rows are ragged, an id is outside the
     *     vocabulary or a row is longer than max_position_embeddings
     */
    public float[][][] logits(int[][] inputIds, int[][] attentionMask) {
        return logits(inputIds, attentionMask, null);
    }

    /**
     * Computes logits without dropout, with grad mode off.
     *
     * @param inputIds piece ids, one row per sequence; all rows of equal length
     * @param attentionMask 1 for real and 0 for padded positions, same shape as {@code inputIds}
     * @param tokenTypeIds segment ids of the same shape, or null for all zeros
     * @return logits {@code [batch][position][label]}
     * @throws IllegalArgumentException when shapes disagree, rows are ragged, an id is out of range
     *     or a row is longer than max_position_embeddings
     */
    public float[][][] logits(int[][] inputIds, int[][] attentionMask, int[][] tokenTypeIds) {
        int b = inputIds.length;
        if (b == 0) {
            return new float[0][][];
        }
        int s = inputIds[0].length;
        long[] ids = flattenBatchInput("inputIds", inputIds, b, s, config.vocabSize());
        long[] mask = flattenBatchInput("attentionMask", attentionMask, b, s, 2);
        long[] types = tokenTypeIds == null ? null : flattenBatchInput("tokenTypeIds", tokenTypeIds, b, s, config.typeVocabSize());
        if (s > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "sequence length %d exceeds max_position_embeddings %d", s, config.maxPositionEmbeddings()));
        }
        int c = block.numLabels();
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager batch = model.getNDManager().newSubManager()) {
            Shape shape = new Shape(b, s);
            NDList in = types == null ? new NDList(batch.create(ids, shape), batch.create(mask, shape))
                    : new NDList(batch.create(ids, shape), batch.create(mask, shape), batch.create(types, shape));
            NDArray out = block.forward(new ParameterStore(batch, false), in, false).singletonOrThrow();
            float[] flat = out.toFloatArray();
            float[][][] result = new float[b][s][c];
            int k = 0;
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < s; j++) {
                    System.arraycopy(flat, k, result[i][j], 0, c);
                    k += c;
                }
            }
            return result;
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /**
     * One batch input as the flat row-major array a native runtime takes, checked first: the inputs of
     * {@link #logits} and of the other runtimes' piece-logit calls are refused the same way.
     *
     * @param what  the input's name for messages, e.g. {@code "inputIds"}
     * @param rows  one row per sequence
     * @param b     expected rows
     * @param s     expected length of every row
     * @param limit values must lie in [0, limit)
     * @return the values, {@code b * s} of them
     * @throws IllegalArgumentException naming the row and value when a row count, row length or value is wrong
     */
    public static long[] flattenBatchInput(String what, int[][] rows, int b, int s, int limit) {
        if (rows.length != b) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s has %d rows, expected %d", what,
                    rows.length, b));
        }
        long[] out = new long[b * s];
        for (int i = 0; i < b; i++) {
            if (rows[i].length != s) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s row %d has length %d, expected %d (pad all rows of a batch to one length)", what, i,
                        rows[i].length, s));
            }
            for (int j = 0; j < s; j++) {
                int v = rows[i][j];
                if (v < 0 || v >= limit) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "%s[%d][%d] = %d is outside [0, %d)", what, i, j, v, limit));
                }
                out[i * s + j] = v;
            }
        }
        return out;
    }

    /**
     * Writes the model as an HF checkpoint folder (config.json with labels and bertner settings,
     * model.safetensors, and vocab.txt / tokenizer_config.json when known).
     *
     * @param dir target folder; created when missing
     * @throws IOException when writing fails
     */
    public void save(Path dir) throws IOException {
        HfCheckpoint.save(dir, block, config, vocabulary, tokenizerConfig);
    }

    /**
     * Sets one string entry of the {@code bertner} settings in config.json, written by the next
     * {@link #save}; this is where other packages record label alignment, tag scheme and the like.
     *
     * @param key setting name
     * @param value the string value
     */
    public synchronized void putBertnerSetting(String key, String value) {
        config = config.toBuilder().optBertnerValue(key, value).build();
    }

    /**
     * The configuration, labels and bertner settings included.
     *
     * @return the config
     */
    public BertConfig config() {
        return config;
    }

    /**
     * The labels in id order (the classifier's output columns).
     *
     * @return the labels
     */
    public List<String> labels() {
        return config.labels();
    }

    /**
     * The vocabulary that belongs to this model, when it was loaded with one or set.
     *
     * @return the pieces in id order
     */
    public Optional<List<String>> vocabulary() {
        return Optional.ofNullable(vocabulary);
    }

    /**
     * Sets the vocabulary written by {@link #save}.
     *
     * @param pieces pieces in id order; their number must equal vocab_size
     * @throws CheckpointException when the size differs from vocab_size
     */
    public void setVocabulary(List<String> pieces) throws CheckpointException {
        HfCheckpoint.checkVocabulary(pieces, config, "vocabulary");
        vocabulary = List.copyOf(pieces);
    }

    /**
     * The text of tokenizer_config.json, when loaded or set.
     *
     * @return the JSON text
     */
    public Optional<String> tokenizerConfig() {
        return Optional.ofNullable(tokenizerConfig);
    }

    /**
     * Sets the tokenizer_config.json text written by {@link #save}.
     *
     * @param json the JSON text, or null for none
     */
    public void setTokenizerConfig(String json) {
        tokenizerConfig = json;
    }

    /**
     * What loading did (tensors loaded, fresh, retained, ignored).
     *
     * @return the report; for {@link #create} every parameter is fresh
     */
    public LoadReport loadReport() {
        return loadReport;
    }

    /**
     * The DJL model that owns the parameters (for {@code newTrainer}).
     *
     * @return the model; closed by {@link #close()}
     */
    public Model djlModel() {
        return model;
    }

    /**
     * The DJL block.
     *
     * @return the block, also {@code djlModel().getBlock()}
     */
    public BertForTokenClassification block() {
        return block;
    }

    /**
     * All trainable parameters by HF name.
     *
     * @return name to parameter
     */
    public Map<String, Parameter> parameters() {
        return block.hfParameters();
    }

    /**
     * The device the parameters live on.
     *
     * @return the device
     */
    public Device device() {
        return model.getNDManager().getDevice();
    }

    /** Frees all native memory of the model. */
    @Override
    public void close() {
        model.close();
    }
}
