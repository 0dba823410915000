package io.github.bertner.cli;

import ai.djl.Device;
import io.github.bertner.io.ReaderException;
import io.github.bertner.io.TextSegmenter;
import io.github.bertner.model.BertConfig;
import io.github.bertner.model.CheckpointException;
import io.github.bertner.model.DeviceSpec;
import io.github.bertner.model.ModelSettings;
import io.github.bertner.model.SequenceContext;
import io.github.bertner.training.Distiller;
import io.github.bertner.training.LabeledSentence;
import io.github.bertner.training.RawTextCorpus;
import io.github.bertner.training.StudentInit;
import io.github.bertner.training.TrainingConfig;
import io.github.bertner.uima.CasSentences;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code bertner distill}: distils a fine-tuned model into a shallower, faster student. */
@Command(name = "distill", mixinStandardHelpOptions = true,
        description = {"Distil a fine-tuned BERT NER model (--teacher) into a student with fewer layers, initialised "
                + "from the teacher's own layers (--layers) or from another pretrained model that shares the "
                + "teacher's vocabulary (--student, e.g. an imported all-MiniLM-L6-v2 for an uncased teacher): "
                + "the student learns the teacher's softened predictions on the "
                + "training text and on unlabelled text (--unlabeled: .txt files, one document each, or "
                + "Reuters-21578 .sgm files), then is fine-tuned on the gold labels.",
                "The student keeps the teacher's tokenizer, labels, window and context, and tags like any model."})
public final class DistillCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    TrainingCorpusOptions corpora;

    @Option(names = "--teacher", required = true, description = "Fine-tuned model folder to distil.")
    Path teacher;

    @Option(names = "--layers",
            description = "Student layers: a count, taken evenly spread from the teacher and ending with its last "
                    + "layer (default 4), or the 0-based teacher layers to keep, e.g. 0,4,8,11.")
    String layers;

    @Option(names = "--student", description = "Start the student from this model folder (e.g. `import`ed) instead "
            + "of the teacher's layers: its encoder, any depth and width, with the teacher's labels and a fresh "
            + "classifier; it must have the teacher's vocabulary and casing.")
    Path student;

    @Option(names = "--train", required = true, arity = "1..*", description = "Gold training corpus file(s) or folder(s).")
    List<String> train;

    @Option(names = "--dev", arity = "1..*", description = "Dev corpus for per-epoch evaluation (best epoch kept).")
    List<String> dev = new ArrayList<>();

    @Option(names = "--unlabeled", arity = "1..*", description = "Unlabelled text: .txt files (one document each) "
            + "or Reuters-21578 .sgm files (one document per article), as files or folders.")
    List<Path> unlabeled = new ArrayList<>();

    @Option(names = "--unlabeled-words", defaultValue = "300000",
            description = "Use unlabelled documents in file order until this many words (default ${DEFAULT-VALUE}).")
    long unlabeledWords;

    @Option(names = "--out", required = true, description = "Output folder of the student.")
    Path out;

    @Option(names = "--epochs", defaultValue = "3", description = "Distillation epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", defaultValue = "1e-4", description = "Peak learning rate of distillation (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--temperature", defaultValue = "2", description = "Softening temperature (default ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--gold-weight", defaultValue = "0.5",
            description = "Weight of the gold cross-entropy during distillation, in [0, 1] (default ${DEFAULT-VALUE}).")
    float goldWeight;

    @Option(names = "--gold-epochs", defaultValue = "1", description = "Gold-only fine-tuning epochs afterwards, 0 for "
            + "none (default ${DEFAULT-VALUE}).")
    int goldEpochs;

    @Option(names = "--gold-lr", defaultValue = "3e-5", description = "Peak learning rate of the gold stage (default ${DEFAULT-VALUE}).")
    double goldLr;

    @Option(names = "--batch-size", defaultValue = "32", description = "Windows per batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--max-steps", defaultValue = "0", description = "Cap on distillation updates, 0 for none.")
    long maxSteps;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every random draw (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--checkpoint-every", defaultValue = "0", description = "Also checkpoint every N updates.")
    long checkpointEvery;

    @Option(names = "--resume", description = "Continue from the checkpoints in --out.")
    boolean resume;

    @Option(names = "--overwrite", description = "Replace the model in --out, which must otherwise be new or empty.")
    boolean overwrite;

    @Option(names = "--device", defaultValue = "cpu", description = "auto, cpu or gpu:N (default ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outW = spec.commandLine().getOut();
        BertConfig teacherConfig = validate();
        Distiller.Builder b = Distiller.builder();
        if (student != null) {
            b.optStudentBase(student);
        } else {
            layerOption(b, teacherConfig.numHiddenLayers());
        }
        CasSentences cas = corpora.sentences();
        List<LabeledSentence> trainData = corpora.read(train, err, cas);
        if (trainData.isEmpty()) {
            throw new ReaderException(String.join(" ", train), -1, "expected training sentences, found none");
        }
        List<LabeledSentence> devData = corpora.read(dev, err, cas);
        err.println("sentence extraction: " + cas.counts());
        // the teacher's own settings decide how text is windowed, so the student sees what the teacher saw
        ModelSettings teacherSettings = ModelSettings.read(teacher);
        SequenceContext context = teacherSettings.context();
        List<List<String>> docs = unlabeledDocuments(context, err);
        TrainingConfig config = TrainingConfig.builder(out).optEpochs(epochs).optMaxSteps(maxSteps).optLearningRate(lr)
                .optSeed(seed).optCheckpointEvery(checkpointEvery).optResume(resume).build();
        Device dev0 = DeviceSpec.parse(device);
        b.setConfig(config).setTeacher(teacher).setTrainData(trainData).optDevData(devData)
                .optUnlabeledDocuments(docs).optTemperature(temperature).optGoldWeight(goldWeight)
                .optGoldEpochs(goldEpochs).optGoldLearningRate(goldLr).optBatchSize(batchSize)
                .optMaxBatchTokens(batchSize * teacherSettings.maxLength()).optDevice(dev0)
                .optListener(new ConsoleProgress(outW, System.console() != null, 50))
                .optCorpusFiles("train", corpora.paths(train)).optCorpusFiles("dev", corpora.paths(dev));
        if (!unlabeled.isEmpty()) {
            b.optCorpusFiles("unlabeled", unlabeled);
        }
        long start = System.nanoTime();
        Distiller.Result r = b.build().distill();
        double seconds = (System.nanoTime() - start) / 1e9;
        String from = r.studentBase() != null ? "student from " + r.studentBase()
                : "student of " + r.layers().length + " layers from teacher layers " + Arrays.toString(r.layers());
        outW.printf(Locale.ROOT, "distillation finished in %.1f s: %s; distillation dev score %.4f%s; model in %s%n",
                seconds, from, r.distill().bestScore(),
                r.gold() == null ? "" : String.format(Locale.ROOT, ", after the gold stage %.4f", r.gold().bestScore()),
                out);
        outW.flush();
        return 0;
    }

    private void layerOption(Distiller.Builder b, int teacherLayers) {
        String v = layers == null ? "4" : layers.strip();
        try {
            if (v.contains(",")) {
                int[] l = Arrays.stream(v.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
                for (int i = 0; i < l.length; i++) {
                    if (l[i] < 0 || l[i] >= teacherLayers || (i > 0 && l[i] <= l[i - 1])) {
                        throw new UsageException("--layers: expected increasing teacher layers in [0, " + teacherLayers
                                + "), found " + v);
                    }
                }
                b.optLayers(l);
            } else {
                int n = Integer.parseInt(v);
                Options.range("--layers", n, 1, teacherLayers);
                b.optNumLayers(n);
            }
        } catch (NumberFormatException e) {
            throw new UsageException("--layers: expected a count or comma-separated layer numbers, found " + v);
        }
    }

    /**
     * Unlabelled documents as word lists, in sorted file order, until the word budget: a document per article
     * (.sgm) or file (.txt); with SENTENCE context one list per sentence, as the teacher sees its input.
     */
    private List<List<String>> unlabeledDocuments(SequenceContext context, PrintWriter err) throws IOException {
        if (unlabeled.isEmpty()) {
            return List.of();
        }
        RawTextCorpus.Documents texts = RawTextCorpus.documents(unlabeled);
        List<List<String>> out = new ArrayList<>();
        long words = 0;
        int documents = 0;
        for (String text : texts.texts()) {
            if (words >= unlabeledWords) {
                break;
            }
            List<String> doc = new ArrayList<>();
            for (List<String> sentence : TextSegmenter.segment(text).sentenceWords(text)) {
                if (sentence.isEmpty()) {
                    continue;
                }
                words += sentence.size();
                if (context == SequenceContext.SENTENCE) {
                    out.add(sentence);
                } else {
                    doc.addAll(sentence);
                }
            }
            if (context == SequenceContext.DOCUMENT && !doc.isEmpty()) {
                out.add(doc);
            }
            documents++;
        }
        err.printf(Locale.ROOT, "unlabelled text: %d of %d documents used (%d words, budget %d); %d byte(s) not "
                + "valid UTF-8 decoded as ISO-8859-1%n", documents, texts.texts().size(), words, unlabeledWords,
                texts.invalidBytes());
        return out;
    }

    /** Checks every option and corpus argument before reading anything; returns the teacher's config. */
    private BertConfig validate() throws IOException {
        BertConfig teacherConfig = Options.modelConfig("--teacher", teacher);
        if (teacherConfig.labels().isEmpty()) {
            throw new UsageException("--teacher " + teacher + ": expected a fine-tuned token classifier (id2label in "
                    + "config.json), found a model without labels");
        }
        Options.atLeast("--epochs", epochs, 1);
        Options.atLeast("--gold-epochs", goldEpochs, 0);
        Options.atLeast("--max-steps", maxSteps, 0);
        Options.atLeast("--batch-size", batchSize, 1);
        Options.atLeast("--unlabeled-words", unlabeledWords, 0);
        Options.atLeast("--checkpoint-every", checkpointEvery, 0);
        Options.positive("--lr", lr);
        Options.positive("--gold-lr", goldLr);
        Options.positive("--temperature", temperature);
        Options.fraction("--gold-weight", goldWeight);
        Options.device(device);
        Options.allExist("--unlabeled", unlabeled);
        if (student != null) {
            if (layers != null) {
                throw new UsageException("--student and --layers: expected one way to build the student, found both");
            }
            Options.modelConfig("--student", student);
            try {
                StudentInit.checkBase(student, teacher);
            } catch (CheckpointException e) {
                throw new UsageException("--student " + e.getMessage());
            }
        }
        corpora.validate(List.of(train, dev));
        Options.freshOutput(out, resume, overwrite);
        return teacherConfig;
    }
}
