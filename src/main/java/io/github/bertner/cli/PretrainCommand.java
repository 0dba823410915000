package io.github.bertner.cli;

import io.github.bertner.compare.Transliteration;
import io.github.bertner.model.DeviceSpec;
import io.github.bertner.tokenization.TokenizerSettings;
import io.github.bertner.training.MlmPretrainer;
import io.github.bertner.training.RawTextCorpus;
import io.github.bertner.training.TrainerState;
import io.github.bertner.training.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code bertner pretrain}: masked-language-model pretraining on raw text. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Masked-language-model pretraining (15%% masking, 80/10/10) on raw text: .txt files and "
                + "Reuters-21578 .sgm files, as files or folders.",
                "Writes a Hugging Face BertForMaskedLM folder that 'train --base' accepts."})
public final class PretrainCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--text", required = true, arity = "1..*", description = "Text files or folders (.txt, .sgm).")
    List<Path> text;

    @Option(names = "--base", description = "Hugging Face BERT folder to continue pretraining (its vocabulary is kept "
            + "unless --new-vocab replaces it).")
    Path base;

    @Option(names = "--new-vocab", paramLabel = "<folder>", description = {"Vocabulary transfer: replace the --base "
            + "vocabulary by this one (a folder with vocab.txt and tokenizer_config.json, as 'vocab' writes it). The "
            + "body is the base's; the word embeddings get one row per new entry: the base row of an entry both "
            + "vocabularies share, else the mean of the base rows of its romanized pieces, else the mean of all rows "
            + "plus seeded noise. The output has the new vocabulary and its tokenizer settings."})
    Path newVocab;

    @Option(names = "--freeze-body", description = "Train only the word embeddings and the MLM head (a fresh one when "
            + "the base has none); every other weight keeps the --base value. Needs --base.")
    boolean freezeBody;

    @Option(names = "--transliteration", paramLabel = "<scheme>", description = "Romanization of the new entries "
            + "for their initial rows: bgn-pcgn (close to English spelling) or iso9 (default bgn-pcgn). Needs --new-vocab.")
    String transliteration;

    @Option(names = "--preset", defaultValue = "mini", description = "Size preset of a new model (default ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--vocab-size", defaultValue = "8000", description = "Vocabulary size of a new model (default ${DEFAULT-VALUE}).")
    int vocabSize;

    @Option(names = "--uncased", description = "Lower-case and strip accents (new models only).")
    boolean uncased;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--epochs", defaultValue = "1", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--max-steps", defaultValue = "0", description = "Cap on updates, 0 for none.")
    long maxSteps;

    @Option(names = "--batch-size", defaultValue = "32", description = "Sequences per batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--max-length", defaultValue = "128", description = "Sequence length in pieces (default ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--lr", defaultValue = "5e-4", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--warmup", defaultValue = "0.06", description = "Warm-up share (default ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--checkpoint-every", defaultValue = "500", description = "Checkpoint every N updates (default ${DEFAULT-VALUE}).")
    long checkpointEvery;

    @Option(names = "--resume", description = "Continue from the checkpoint in --out.")
    boolean resume;

    @Option(names = "--overwrite", description = "Replace the model in --out, which must otherwise be new or empty.")
    boolean overwrite;

    @Option(names = "--device", defaultValue = "cpu", description = "auto, cpu or gpu:N (default ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        Options.allExist("--text", text);
        Options.atLeast("--epochs", epochs, 1);
        Options.atLeast("--max-steps", maxSteps, 0);
        Options.atLeast("--batch-size", batchSize, 1);
        Options.positive("--lr", lr);
        Options.fraction("--warmup", warmup);
        Options.atLeast("--checkpoint-every", checkpointEvery, 0);
        Options.device(device);
        Transliteration scheme = transferOptions();
        int maxPositions;
        if (base != null) {
            maxPositions = Options.modelConfig("--base", base).maxPositionEmbeddings();
        } else {
            Options.atLeast("--vocab-size", vocabSize, 5);
            try {
                maxPositions = io.github.bertner.model.BertConfig.preset(preset, vocabSize).maxPositionEmbeddings();
            } catch (IllegalArgumentException e) {
                throw new UsageException("--preset: " + e.getMessage());
            }
        }
        Options.range("--max-length", maxLength, 8, maxPositions);
        Options.freshOutput(out, resume, overwrite);
        RawTextCorpus.Text corpus = RawTextCorpus.read(text);
        if (corpus.lines().isEmpty()) {
            throw new io.github.bertner.io.ReaderException(text.get(0).toString(), -1,
                    "expected text lines to pretrain on, found none");
        }
        o.printf(Locale.ROOT, "read %d lines from %d files; encoding: %s; %d invalid byte(s)%n", corpus.lines().size(),
                corpus.files(), RawTextCorpus.encodingPolicy(), corpus.invalidBytes());
        TrainingConfig config = TrainingConfig.builder(out).optEpochs(epochs).optMaxSteps(maxSteps).optLearningRate(lr)
                .optWarmupRatio(warmup).optSeed(seed).optCheckpointEvery(checkpointEvery).optResume(resume).build();
        MlmPretrainer.Builder b = MlmPretrainer.builder().setConfig(config).setText(corpus.lines()).optCorpusFiles(text)
                .optFreezeBody(freezeBody)
                .optBatchSize(batchSize).optMaxLength(maxLength).optDevice(DeviceSpec.parse(device))
                .optListener(new ConsoleProgress(o, System.console() != null, 50));
        if (base != null) {
            b.optBaseModel(base);
            if (newVocab != null) {
                b.optNewVocabulary(newVocab).optTransliteration(scheme);
            }
        } else {
            b.optPreset(preset).optVocabSize(vocabSize)
                    .optTokenizerSettings(uncased ? TokenizerSettings.uncased() : TokenizerSettings.cased());
        }
        long start = System.nanoTime();
        MlmPretrainer pretrainer = b.build();
        TrainerState s = pretrainer.train();
        pretrainer.transferReport().ifPresent(r -> o.printf(Locale.ROOT, "vocabulary transfer (%s): %s; model it "
                + "started from in %s%n", Options.lower(r.transliteration()), r.describe(),
                out.resolve(MlmPretrainer.TRANSFER_DIR)));
        o.printf(Locale.ROOT, "pretraining finished in %.1f s after %d updates; checkpoint in %s%n",
                (System.nanoTime() - start) / 1e9, s.step(), out);
        return 0;
    }

    /** Checks the vocabulary-transfer and freezing options, before any input is read. */
    private Transliteration transferOptions() {
        if (newVocab != null && base == null) {
            throw new UsageException("--new-vocab: expected --base, the model whose body is kept, found none");
        }
        if (freezeBody && base == null) {
            throw new UsageException("--freeze-body: expected --base, the model whose body is kept, found none "
                    + "(a new model's body would stay random)");
        }
        if (transliteration != null && newVocab == null) {
            throw new UsageException("--transliteration: expected --new-vocab, whose entries it romanizes, found none");
        }
        if (newVocab == null) {
            return Transliteration.BGN_PCGN;
        }
        if (uncased) {
            throw new UsageException("--uncased: expected no casing option with --new-vocab, whose "
                    + TokenizerSettings.FILE_NAME + " decides the tokenizer settings, found --uncased");
        }
        if (!Files.isDirectory(newVocab)) {
            throw new UsageException("--new-vocab: expected a vocabulary folder (vocab.txt + "
                    + TokenizerSettings.FILE_NAME + ", as 'vocab' writes it), found " + (Files.exists(newVocab)
                    ? "the file " : "no ") + newVocab);
        }
        for (String f : List.of("vocab.txt", TokenizerSettings.FILE_NAME)) {
            if (!Files.isRegularFile(newVocab.resolve(f))) {
                throw new UsageException("--new-vocab: expected " + f + " in " + newVocab + " (as 'vocab' writes it), "
                        + "found none");
            }
        }
        try {
            return transliteration == null ? Transliteration.BGN_PCGN : Transliteration.parse(transliteration);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--transliteration: " + e.getMessage());
        }
    }
}
