package io.github.bertner.cli;

import io.github.bertner.tokenization.TokenizerSettings;
import io.github.bertner.tokenization.VocabBuilder;
import io.github.bertner.tokenization.WordPieceVocab;
import io.github.bertner.training.RawTextCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code bertner vocab}: learns a WordPiece vocab.txt from raw text. */
@Command(name = "vocab", mixinStandardHelpOptions = true,
        description = "Learn a WordPiece vocabulary (vocab.txt + tokenizer_config.json) from .txt / .sgm files or folders.")
public final class VocabCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--text", required = true, arity = "1..*", description = "Text files or folders (.txt, .sgm).")
    List<Path> text;

    @Option(names = "--size", defaultValue = "8000", description = "Vocabulary size (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--uncased", description = "Lower-case and strip accents.")
    boolean uncased;

    @Option(names = "--out", required = true, description = "Output folder (receives vocab.txt and tokenizer_config.json).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        Options.allExist("--text", text);
        Options.atLeast("--size", size, 5);
        if (Files.isRegularFile(out)) {
            throw new UsageException("--out: expected a folder, found the file " + out);
        }
        RawTextCorpus.Text corpus = RawTextCorpus.read(text);
        if (corpus.lines().isEmpty()) {
            throw new io.github.bertner.io.ReaderException(text.get(0).toString(), -1,
                    "expected text lines to learn a vocabulary from, found none");
        }
        TokenizerSettings settings = uncased ? TokenizerSettings.uncased() : TokenizerSettings.cased();
        WordPieceVocab vocab = VocabBuilder.builder().setVocabSize(size).optSettings(settings).build().train(corpus.lines());
        Files.createDirectories(out);
        vocab.write(out.resolve("vocab.txt"));
        settings.write(out.resolve(TokenizerSettings.FILE_NAME));
        o.printf(Locale.ROOT, "%d lines from %d files (%d invalid UTF-8 bytes decoded as ISO-8859-1) -> %d pieces in %s%n",
                corpus.lines().size(), corpus.files(), corpus.invalidBytes(), vocab.size(), out.resolve("vocab.txt"));
        return 0;
    }
}
