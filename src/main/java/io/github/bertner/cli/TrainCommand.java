package io.github.bertner.cli;

import ai.djl.Device;
import io.github.bertner.eval.ConsoleReport;
import io.github.bertner.eval.EvaluationResult;
import io.github.bertner.eval.ReportWriter;
import io.github.bertner.io.ReaderException;
import io.github.bertner.model.BertConfig;
import io.github.bertner.model.DeviceSpec;
import io.github.bertner.model.TokenClassifierModel;
import io.github.bertner.tagging.TagScheme;
import io.github.bertner.tokenization.LabelAlignment;
import io.github.bertner.tokenization.TokenizerSettings;
import io.github.bertner.training.LabeledSentence;
import io.github.bertner.model.SequenceContext;
import io.github.bertner.inference.BatchBudget;
import io.github.bertner.training.ModelEvaluation;
import io.github.bertner.training.TrainingProvenance;
import io.github.bertner.training.RawTextCorpus;
import io.github.bertner.training.TokenClassifierTrainer;
import io.github.bertner.training.TrainerState;
import io.github.bertner.training.TrainingConfig;
import io.github.bertner.uima.CasSentences;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code bertner train}: fine-tunes (or trains from scratch) a BERT NER model. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Fine-tune a BERT token classifier for NER (--base), or train one from scratch (--preset) "
                + "with a vocabulary learnt from the training text.",
                "Corpus paths may carry their own format and label mapping: [format[+mapping]:]path, "
                        + "e.g. wnut17+wnut17-en:wnut17train.conll."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    TrainingCorpusOptions corpora;

    @Option(names = "--train", required = true, arity = "1..*", description = "Training corpus file(s) or folder(s).")
    List<String> train;

    @Option(names = "--dev", arity = "1..*", description = "Dev corpus for per-epoch evaluation and early stopping.")
    List<String> dev = new ArrayList<>();

    @Option(names = "--test", arity = "1..*", description = "Test corpus evaluated with the best model after training.")
    List<String> test = new ArrayList<>();

    @Option(names = "--base", description = "Pretrained Hugging Face BERT folder to fine-tune.")
    Path base;

    @Option(names = "--preset", defaultValue = "mini", description = "Size preset when training from scratch: tiny, mini, small, base (default ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--vocab-size", defaultValue = "8000", description = "Vocabulary size learnt when training from scratch (default ${DEFAULT-VALUE}).")
    int vocabSize;

    @Option(names = "--vocab-text", arity = "1..*", description = "Extra .txt/.sgm files or folders for learning the vocabulary from scratch.")
    List<Path> vocabText = new ArrayList<>();

    @Option(names = "--uncased", description = "Lower-case and strip accents (from-scratch models only).")
    boolean uncased;

    @Option(names = "--out", required = true, description = "Output model folder.")
    Path out;

    @Option(names = "--epochs", defaultValue = "3", description = "Maximum epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--max-steps", defaultValue = "0", description = "Cap on optimizer updates, 0 for none.")
    long maxSteps;

    @Option(names = "--batch-size", defaultValue = "32", description = "Windows per batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--max-length", defaultValue = "128", description = "Window length in word pieces (default ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--lr", defaultValue = "5e-5", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--warmup", defaultValue = "0.1", description = "Warm-up share of the updates (default ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--weight-decay", defaultValue = "0.01", description = "Decoupled weight decay (default ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--max-grad-norm", defaultValue = "1.0", description = "Gradient clipping norm, 0 for none (default ${DEFAULT-VALUE}).")
    double maxGradNorm;

    @Option(names = "--patience", defaultValue = "0", description = "Early stopping patience in epochs, 0 for none.")
    int patience;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every random draw (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scheme", defaultValue = "IOB2", description = "Tag scheme the model predicts: IOB2 or BIOES (default ${DEFAULT-VALUE}).")
    String scheme;

    @Option(names = "--alignment", defaultValue = "FIRST", description = "Word tag to piece alignment: FIRST, ALL, X (default ${DEFAULT-VALUE}).")
    LabelAlignment alignment;

    @Option(names = "--checkpoint-every", defaultValue = "0", description = "Also checkpoint every N updates (default: epoch ends only).")
    long checkpointEvery;

    @Option(names = "--context", defaultValue = "SENTENCE",
            description = "SENTENCE (default): one input sequence per sentence; DOCUMENT: the sentences of a document "
                    + "joined and windowed, so each word sees its neighbouring sentences (saved in the model).")
    SequenceContext context;

    @Option(names = "--resume", description = "Continue from the checkpoint in --out.")
    boolean resume;

    @Option(names = "--overwrite", description = "Replace the model in --out, which must otherwise be new or empty.")
    boolean overwrite;

    @Option(names = "--device", defaultValue = "cpu", description = "auto, cpu or gpu:N (default ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outW = spec.commandLine().getOut();
        validate();
        CasSentences cas = corpora.sentences();
        List<LabeledSentence> trainData = corpora.read(train, err, cas);
        if (trainData.isEmpty()) {
            throw new ReaderException(String.join(" ", train), -1, "expected training sentences, found none");
        }
        List<LabeledSentence> devData = corpora.read(dev, err, cas);
        err.println("sentence extraction: " + cas.counts());
        TrainingConfig config = TrainingConfig.builder(out).optEpochs(epochs).optMaxSteps(maxSteps).optLearningRate(lr)
                .optWarmupRatio(warmup).optWeightDecay(weightDecay).optMaxGradNorm(maxGradNorm).optSeed(seed)
                .optPatience(patience).optCheckpointEvery(checkpointEvery).optResume(resume).build();
        Device dev0 = DeviceSpec.parse(device);
        TokenClassifierTrainer.Builder b = TokenClassifierTrainer.builder().setConfig(config).setTrainData(trainData)
                .optDevData(devData).optTagScheme(TagScheme.parse(scheme)).optLabelAlignment(alignment)
                .optContext(context).optBatchSize(batchSize).optMaxBatchTokens(batchSize * maxLength).optMaxLength(maxLength)
                .optDevice(dev0).optListener(new ConsoleProgress(outW, System.console() != null, 50))
                .optCorpusFiles("train", corpora.paths(train)).optCorpusFiles("dev", corpora.paths(dev))
                .optCorpusFiles("test", corpora.paths(test));
        if (base != null) {
            b.optBaseModel(base);
        } else {
            b.optPreset(preset).optVocabSize(vocabSize)
                    .optTokenizerSettings(uncased ? TokenizerSettings.uncased() : TokenizerSettings.cased());
            if (!vocabText.isEmpty()) {
                b.optVocabText(RawTextCorpus.read(vocabText).lines());
            }
        }
        long start = System.nanoTime();
        TrainerState state = b.build().train();
        double seconds = (System.nanoTime() - start) / 1e9;
        outW.printf(Locale.ROOT, "training finished in %.1f s after %d updates%s; best epoch %d, dev score %.4f; model in %s%n",
                seconds, state.step(), state.skippedUpdates() == 0 ? ""
                        : " (" + state.skippedUpdates() + " skipped for a non-finite loss or gradient: see gradient_norm)",
                state.bestEpoch() + 1, state.bestScore(), out);
        for (Map<String, Object> h : state.history()) {
            outW.println("  " + h);
        }
        if (!test.isEmpty()) {
            List<LabeledSentence> testData = corpora.read(test, err, cas);
            try (TokenClassifierModel model = TokenClassifierModel.load(out, dev0)) {
                EvaluationResult r = ModelEvaluation.evaluate(model, testData,
                        new BatchBudget(batchSize, batchSize * maxLength));
                TrainingProvenance.addScores(out, "test", Map.of("strict_f1", r.strict().micro().f1(),
                        "strict_precision", r.strict().micro().precision(),
                        "strict_recall", r.strict().micro().recall(), "relaxed_f1", r.relaxed().micro().f1()));
                Path reportDir = out.resolve("test-report");
                ReportWriter.writeAll(r, reportDir);
                outW.println("test set (" + testData.size() + " sentences), best model:");
                outW.println(ConsoleReport.format(r));
                outW.println("test reports in " + reportDir);
            }
        }
        outW.flush();
        return 0;
    }

    /**
     * Checks every option, corpus argument and folder before the first corpus is read, so that a typo does
     * not surface after minutes of reading.
     */
    private void validate() throws java.io.IOException {
        Options.atLeast("--epochs", epochs, 1);
        Options.atLeast("--max-steps", maxSteps, 0);
        Options.atLeast("--batch-size", batchSize, 1);
        Options.positive("--lr", lr);
        Options.fraction("--warmup", warmup);
        Options.nonNegative("--weight-decay", weightDecay);
        Options.nonNegative("--max-grad-norm", maxGradNorm);
        Options.atLeast("--patience", patience, 0);
        Options.atLeast("--checkpoint-every", checkpointEvery, 0);
        Options.device(device);
        try {
            TagScheme s = TagScheme.parse(scheme);
            if (s != TagScheme.IOB2 && s != TagScheme.BIOES) {
                throw new IllegalArgumentException("expected IOB2 or BIOES, found " + scheme);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("--scheme: " + e.getMessage());
        }
        int maxPositions;
        if (base != null) {
            maxPositions = Options.modelConfig("--base", base).maxPositionEmbeddings();
        } else {
            Options.atLeast("--vocab-size", vocabSize, 5);
            try {
                maxPositions = BertConfig.preset(preset, vocabSize).maxPositionEmbeddings();
            } catch (IllegalArgumentException e) {
                throw new UsageException("--preset: " + e.getMessage());
            }
            Options.allExist("--vocab-text", vocabText);
        }
        Options.range("--max-length", maxLength, 8, maxPositions);
        corpora.validate(List.of(train, dev, test));
        Options.freshOutput(out, resume, overwrite);
    }
}
