package io.github.bertner.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.bertner.eval.EvaluationResult;
import io.github.bertner.eval.ReportWriter;
import io.github.bertner.model.HeadPolicy;
import io.github.bertner.model.HfCheckpoint;
import io.github.bertner.model.ModelSettings;
import io.github.bertner.model.SequenceContext;
import io.github.bertner.inference.BatchBudget;
import io.github.bertner.inference.WordLevelPredictor;
import io.github.bertner.model.TokenClassifierModel;
import io.github.bertner.tagging.TagScheme;
import io.github.bertner.tokenization.Batches;
import io.github.bertner.tokenization.EncodedBatch;
import io.github.bertner.tokenization.EncodedWindow;
import io.github.bertner.tokenization.SequenceEncoder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Token-classification fine-tuning as a {@link TrainingTask}: length-bucketed batches, masked loss, dev F1. */
final class NerTrainingTask implements TrainingTask {

    private static final long BATCH_STREAM = 0x42415443L;

    private final TokenClassifierModel model;
    private final List<EncodedWindow> trainWindows;
    private final int padId;
    private final int batchSize;
    private final int maxBatchTokens;
    private final long seed;
    private final WordLevelPredictor devPredictor;
    private final List<LabeledSentence> dev;
    private final TagScheme scheme;
    private final int batchesPerEpoch;
    private int cachedEpoch = -1;
    private List<List<EncodedWindow>> cachedBatches;

    NerTrainingTask(TokenClassifierModel model, ModelSettings settings, SequenceEncoder encoder,
                    List<LabeledSentence> train, List<LabeledSentence> devSentences, int batchSize,
                    int maxBatchTokens, long seed) {
        this.model = model;
        this.scheme = settings.tagScheme();
        this.padId = encoder.tokenizer().vocab().padId();
        this.batchSize = batchSize;
        this.maxBatchTokens = maxBatchTokens;
        this.seed = seed;
        this.trainWindows = new ArrayList<>();
        // a DOCUMENT model learns from the same windows over whole documents that it will be tagged with
        List<LabeledSentence> sequences = settings.context() == SequenceContext.DOCUMENT
                ? LabeledSentence.joinDocuments(train) : train;
        for (LabeledSentence s : sequences) {
            if (!s.words().isEmpty()) {
                trainWindows.addAll(encoder.encode(s.words(), s.wordBegins(), s.tags(scheme)));
            }
        }
        // the tagger's own prediction path, so dev scores and early stopping measure what users get
        this.devPredictor = new WordLevelPredictor(settings, encoder, model::logits,
                new BatchBudget(Math.max(batchSize, 32), Math.max(maxBatchTokens, 4096)));
        this.dev = List.copyOf(devSentences);
        this.batchesPerEpoch = trainWindows.isEmpty() ? 0 : batches(0).size();
    }

    int trainWindowCount() {
        return trainWindows.size();
    }

    /** The gold-labelled training windows, in corpus order. */
    List<EncodedWindow> trainWindows() {
        return java.util.Collections.unmodifiableList(trainWindows);
    }

    private List<List<EncodedWindow>> batches(int epoch) {
        if (epoch != cachedEpoch) {
            cachedBatches = Batches.bucket(trainWindows, batchSize, maxBatchTokens, Seeds.mix(seed, BATCH_STREAM, epoch));
            cachedEpoch = epoch;
        }
        return cachedBatches;
    }

    @Override
    public List<Pair<String, Parameter>> parameters() {
        List<Pair<String, Parameter>> l = new ArrayList<>();
        model.parameters().forEach((k, v) -> l.add(new Pair<>(k, v)));
        return l;
    }

    @Override
    public NDManager manager() {
        return model.djlModel().getNDManager();
    }

    @Override
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    @Override
    public BatchLoss loss(NDManager bm, int epoch, int batch, long step) {
        EncodedBatch b = Batches.collate(batches(epoch).get(batch), padId);
        Shape shape = new Shape(b.size(), b.length());
        NDArray ids = bm.create(toLong(b.inputIds()), shape);
        NDArray mask = bm.create(toLong(b.attentionMask()), shape);
        NDArray types = bm.create(toLong(b.tokenTypeIds()), shape);
        NDArray logits = model.block().forward(new ParameterStore(bm, false), new NDList(ids, mask, types), true)
                .singletonOrThrow();
        int[] flat = new int[b.size() * b.length()];
        long tokens = 0;
        for (int r = 0; r < b.size(); r++) {
            for (int c = 0; c < b.length(); c++) {
                int v = b.labelIds()[r][c];
                flat[r * b.length() + c] = v;
                if (v != MaskedCrossEntropy.IGNORE) {
                    tokens++;
                }
            }
        }
        NDArray labels = bm.create(flat, shape);
        return new BatchLoss(MaskedCrossEntropy.loss(logits, labels), tokens);
    }

    static long[] toLong(int[][] rows) {
        int s = rows.length == 0 ? 0 : rows[0].length;
        long[] out = new long[rows.length * s];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < s; c++) {
                out[r * s + c] = rows[r][c];
            }
        }
        return out;
    }

    @Override
    public Evaluation evaluate(int epoch, Path reportDir) throws IOException {
        if (dev.isEmpty()) {
            return null;
        }
        EvaluationResult result = ModelEvaluation.evaluate(devPredictor, dev);
        ReportWriter.writeAll(result, reportDir);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("strict_f1", result.strict().micro().f1());
        metrics.put("strict_precision", result.strict().micro().precision());
        metrics.put("strict_recall", result.strict().micro().recall());
        metrics.put("relaxed_f1", result.relaxed().micro().f1());
        metrics.put("token_accuracy", result.accuracy());
        double f1 = result.strict().micro().f1();
        return new Evaluation(Double.isNaN(f1) ? 0 : f1, metrics);
    }

    /**
     * Scheme the gold and predicted tags are written in.
     *
     * @return scheme
     */
    TagScheme scheme() {
        return scheme;
    }

    @Override
    public void saveModel(Path dir) throws IOException {
        model.save(dir);
    }

    @Override
    public void loadWeights(Path dir) throws IOException {
        HfCheckpoint.loadWeights(dir, model.block(), HeadPolicy.REQUIRE, manager());
    }
}
