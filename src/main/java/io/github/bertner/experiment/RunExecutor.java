package io.github.bertner.experiment;

import ai.djl.Device;
import io.github.bertner.eval.EntityDecoding;
import io.github.bertner.eval.EvalSentence;
import io.github.bertner.eval.EvalSettings;
import io.github.bertner.eval.EvaluationResult;
import io.github.bertner.eval.Evaluator;
import io.github.bertner.eval.ReportWriter;
import io.github.bertner.eval.Score;
import io.github.bertner.inference.NerPredictor;
import io.github.bertner.inference.SentencePrediction;
import io.github.bertner.model.DeviceSpec;
import io.github.bertner.tagging.Span;
import io.github.bertner.tokenization.TokenizerSettings;
import io.github.bertner.training.LabeledSentence;
import io.github.bertner.training.ProgressListener;
import io.github.bertner.training.RawTextCorpus;
import io.github.bertner.training.TokenClassifierTrainer;
import io.github.bertner.training.TrainerState;
import io.github.bertner.training.TrainingConfig;
import io.github.bertner.training.TrainingLoop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Trains one run and evaluates it on its test sets with the project's own components: the
 * {@link TokenClassifierTrainer} (which resumes a killed run from its checkpoint), the
 * {@link NerPredictor} that {@code bertner tag} uses (Viterbi decoding), and the {@link Evaluator} with its
 * bootstrap and reports. The one place of the package that calls training and inference, so that
 * changes to their APIs are absorbed here.
 */
final class RunExecutor {

    /** Folder of the trained model inside a run folder. */
    static final String MODEL_DIR = "model";
    /** Folder of the test reports inside a run folder, one sub-folder per test set. */
    static final String EVAL_DIR = "eval";
    /** Per-sentence strict counts beside each test report, for the pooled bootstrap. */
    static final String SENTENCES_TSV = "sentences.tsv";

    private final ExperimentSpec spec;
    private final ProgressListener progress;

    RunExecutor(ExperimentSpec spec, ProgressListener progress) {
        this.spec = spec;
        this.progress = progress;
    }

    /**
     * A sentence to score with the key that identifies it across runs (the same key in several runs means the
     * same gold sentence, so their counts are pooled).
     */
    record KeyedSentence(String key, LabeledSentence sentence) {
    }

    /**
     * Trains and evaluates.
     *
     * @param plan     the run
     * @param dir      its folder
     * @param train    training sentences
     * @param dev      dev sentences (may be empty)
     * @param testSets sentences of each test set, by name, in order
     * @param corpusFiles the corpus paths of each role, recorded with their sha256 in the model's provenance.json
     * @return the trainer's final state
     * @throws IOException when a model or report cannot be read or written
     */
    TrainerState execute(RunPlan plan, Path dir, List<LabeledSentence> train, List<LabeledSentence> dev,
                         java.util.Map<String, List<KeyedSentence>> testSets,
                         java.util.Map<String, List<Path>> corpusFiles) throws IOException {
        RunSettings s = plan.settings();
        Path modelDir = dir.resolve(MODEL_DIR);
        Device device = DeviceSpec.parse(spec.device());
        TrainingConfig config = TrainingConfig.builder(modelDir).optEpochs(s.epochs()).optMaxSteps(s.maxSteps())
                .optLearningRate(s.lr()).optWarmupRatio(s.warmup()).optWeightDecay(s.weightDecay())
                .optMaxGradNorm(s.maxGradNorm()).optSeed(plan.seed()).optPatience(s.patience())
                .optCheckpointEvery(s.checkpointEvery()).optResume(true).build();
        // the same batch budget as bertner train, so a run here reproduces a train command line
        TokenClassifierTrainer.Builder b = TokenClassifierTrainer.builder().setConfig(config).setTrainData(train)
                .optDevData(dev).optTagScheme(s.scheme()).optLabelAlignment(s.alignment())
                .optBatchSize(s.batchSize()).optMaxBatchTokens(s.batchSize() * s.maxLength())
                .optMaxLength(s.maxLength()).optStride(s.stride()).optDevice(device).optListener(progress);
        corpusFiles.forEach(b::optCorpusFiles);
        if (s.base() != null) {
            b.optBaseModel(s.base());
        } else {
            b.optPreset(s.preset()).optVocabSize(s.vocabSize())
                    .optTokenizerSettings(s.uncased() ? TokenizerSettings.uncased() : TokenizerSettings.cased());
            if (!s.vocabText().isEmpty()) {
                b.optVocabText(RawTextCorpus.read(s.vocabText()).lines());
            }
        }
        TrainerState state = b.build().train();
        try (NerPredictor predictor = NerPredictor.builder(modelDir).optDevice(spec.device())
                .optBatchSize(s.batchSize()).build()) {
            for (java.util.Map.Entry<String, List<KeyedSentence>> e : testSets.entrySet()) {
                evaluate(predictor, e.getKey(), e.getValue(), dir.resolve(EVAL_DIR).resolve(e.getKey()), plan);
            }
        }
        if (!spec.keepCheckpoints()) {
            deleteRecursively(modelDir.resolve(TrainingLoop.CHECKPOINT_DIR));
        }
        return state;
    }

    private void evaluate(NerPredictor predictor, String set, List<KeyedSentence> sentences, Path reportDir,
                          RunPlan plan) throws IOException {
        List<List<String>> words = new ArrayList<>(sentences.size());
        for (KeyedSentence k : sentences) {
            words.add(k.sentence().words());
        }
        List<SentencePrediction> predictions = predictor.predictAll(words);
        List<EvalSentence> eval = new ArrayList<>(sentences.size());
        for (int i = 0; i < sentences.size(); i++) {
            LabeledSentence ls = sentences.get(i).sentence();
            eval.add(new EvalSentence(ls.id(), ls.words(), ls.tags(predictor.scheme()), predictions.get(i).tags()));
        }
        String gold = set.equals(ExperimentSpec.HELD_OUT) ? "held-out fold " + (plan.fold() + 1) + " of "
                + join(spec.train()) : join(spec.test().get(set));
        EvalSettings settings = EvalSettings.builder().optBootstrapSamples(spec.bootstrapSamples())
                .optGoldSource(gold).optSystem(predictor.modelDir() + " (" + spec.name() + " run " + plan.id() + ")")
                .build();
        EvaluationResult r = Evaluator.evaluate(eval, settings);
        ReportWriter.writeAll(r, reportDir);
        writeSentenceCounts(sentences, eval, r, reportDir.resolve(SENTENCES_TSV));
    }

    /**
     * Writes each sentence's strict counts (correct, predicted, gold entities) as the evaluator counts them,
     * checking that they sum to the report's totals.
     */
    private static void writeSentenceCounts(List<KeyedSentence> keyed, List<EvalSentence> eval, EvaluationResult r,
                                            Path file) throws IOException {
        EntityDecoding decoding = r.settings().decoding();
        StringBuilder sb = new StringBuilder("key\tsentence\tcorrect\tpredicted\tgold\n");
        Score sum = Score.ZERO;
        for (int i = 0; i < eval.size(); i++) {
            List<Span> gold = decoding.decode(eval.get(i).gold());
            List<Span> pred = decoding.decode(eval.get(i).pred());
            Set<Span> predSet = new HashSet<>(pred);
            long correct = gold.stream().filter(predSet::contains).count();
            Score c = new Score(correct, pred.size(), gold.size());
            sum = sum.plus(c);
            sb.append(keyed.get(i).key()).append('\t').append(eval.get(i).id()).append('\t').append(c.correct())
                    .append('\t').append(c.predicted()).append('\t').append(c.gold()).append('\n');
        }
        if (!sum.equals(r.strict().micro())) {
            throw new IllegalStateException("per-sentence strict counts " + sum + " do not add up to the evaluator's "
                    + r.strict().micro());
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private static String join(List<CorpusRef> refs) {
        return String.join(" ", refs.stream().map(CorpusRef::toString).toList());
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
