package io.github.bertner.cli;

import io.github.bertner.experiment.CorpusRef;
import io.github.bertner.io.AlignmentPolicy;
import io.github.bertner.io.CorpusFormat;
import io.github.bertner.io.CorpusReaders;
import io.github.bertner.io.FactRuEvalExtent;
import io.github.bertner.io.FlatteningPolicy;
import io.github.bertner.io.MentionFilter;
import io.github.bertner.io.ReaderException;
import io.github.bertner.io.ReportingReader;
import io.github.bertner.training.LabeledSentence;
import io.github.bertner.uima.CasSentences;
import org.apache.uima.UIMAException;
import org.apache.uima.collection.CollectionReader;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.jcas.JCas;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the commands that learn from labelled corpora ({@code train}, {@code distill}) read them (a picocli mixin):
 * the default format and mapping that a {@code [format[+mapping]:]path} argument may override, the reader
 * language, the bad-input policy and the flattening of nested entities. One place, so both commands read a
 * corpus argument the same way and fail on it with the same message.
 */
public final class TrainingCorpusOptions {

    @Option(names = "--format", description = "Default corpus format: conll2003, wnut17, factrueval, bsnlp, brat.")
    String format;

    @Option(names = "--mapping", description = "Default label mapping (built-in name or file), e.g. conll2003-en.")
    String mapping;

    @Option(names = "--lang", description = "Document language for the readers (default: the reader's).")
    String language;

    @Option(names = "--policy", defaultValue = "FAIL", converter = ReaderOptions.PolicyConverter.class,
            description = "What to do with bad input: FAIL (default), SKIP_ANNOTATION, SKIP_DOCUMENT; skips are "
                    + "counted and printed.")
    AlignmentPolicy alignmentPolicy;

    @Option(names = "--flatten", defaultValue = "OUTERMOST",
            description = "Which of nested/overlapping gold entities to train on: OUTERMOST (default), INNERMOST or LONGEST.")
    FlatteningPolicy flatten;

    @Option(names = "--extent", converter = ReaderOptions.ExtentConverter.class, description = "factrueval corpora: "
            + "which text of an object is the entity: object (first to last span, descriptors included; default) or "
            + "names (name spans only, as the natasha/naeval benchmark reads the corpus).")
    FactRuEvalExtent extent;

    @Option(names = "--mentions", converter = ReaderOptions.MentionFilterConverter.class, description = "factrueval, "
            + "bsnlp and brat corpora: all (default) or capitalized (mentions whose first letter is lower case, such as "
            + "NEREL's adjectives 'российских', are left out and counted). Column-format corpora are read as they are.")
    MentionFilter mentions;

    private CorpusFormat defaultFormat;

    /**
     * Checks the default format and that every corpus argument parses and exists, before anything is read.
     *
     * @param groups corpus arguments ({@code [format[+mapping]:]path}), e.g. train, dev and test
     * @throws UsageException on a bad format or argument
     * @throws ReaderException when a corpus path does not exist
     */
    void validate(List<List<String>> groups) {
        try {
            defaultFormat = format == null ? null : CorpusFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format: " + e.getMessage());
        }
        boolean factRuEval = false;
        boolean offsetFormat = false;
        for (List<String> group : groups) {
            for (String a : group) {
                CorpusRef spec;
                try {
                    spec = parse(a, defaultFormat, mapping);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
                if (!Files.exists(spec.path())) {
                    throw new ReaderException(spec.path().toString(), -1, "expected an existing corpus file or "
                            + "folder, found none");
                }
                factRuEval |= spec.format() == CorpusFormat.FACTRUEVAL;
                offsetFormat |= !CorpusReaders.isColumnFormat(spec.format());
            }
        }
        // an option that no corpus takes would otherwise be ignored without a word
        if (extent != null && !factRuEval) {
            throw new UsageException("--extent: applies to factrueval corpora, found none among the corpus arguments");
        }
        if (mentions != null && !offsetFormat) {
            throw new UsageException("--mentions: applies to factrueval, bsnlp and brat corpora, found none among the "
                    + "corpus arguments");
        }
    }

    /**
     * A sentence extractor with this command's flattening policy.
     *
     * @return a fresh extractor (its counts are per command run)
     */
    CasSentences sentences() {
        return new CasSentences(flatten);
    }

    /**
     * Reads corpus arguments into labelled sentences, printing each reader's report.
     *
     * @param args corpus arguments
     * @param err  where reports go
     * @param cas  the sentence extractor (counts accumulate over calls)
     * @return the sentences in argument order
     * @throws IOException when a corpus cannot be read
     */
    List<LabeledSentence> read(List<String> args, PrintWriter err, CasSentences cas) throws IOException {
        List<LabeledSentence> all = new ArrayList<>();
        for (String a : args) {
            all.addAll(read(withReadingChoices(parse(a, defaultFormat, mapping)), language, alignmentPolicy, err,
                    cas));
        }
        return all;
    }

    /**
     * The files or folders of corpus arguments, for provenance.
     *
     * @param args corpus arguments
     * @return their paths
     */
    List<Path> paths(List<String> args) {
        List<Path> paths = new ArrayList<>();
        for (String a : args) {
            paths.add(parse(a, defaultFormat, mapping).path());
        }
        return paths;
    }

    /**
     * Parses a corpus argument {@code [format[+mapping]:]path}, e.g. {@code eng.train},
     * {@code wnut17:emerging.dev.conll} or {@code wnut17+wnut17-en:wnut17train.conll}: the syntax of experiment
     * specs ({@link CorpusRef}), with the format and mapping defaulting to {@code --format} and {@code --mapping}.
     *
     * @param arg            the argument
     * @param defaultFormat  {@code --format}, may be null
     * @param defaultMapping {@code --mapping}, may be null
     * @return the corpus (its language is left to {@code --lang})
     * @throws IllegalArgumentException when no format is known or the format is unknown
     */
    static CorpusRef parse(String arg, CorpusFormat defaultFormat, String defaultMapping) {
        return CorpusRef.parse(arg, defaultFormat, defaultMapping, "use --format");
    }

    /** The corpus with {@code --extent} and {@code --mentions} applied where its format takes them. */
    private CorpusRef withReadingChoices(CorpusRef corpus) {
        CorpusRef r = corpus;
        if (extent != null && r.format() == CorpusFormat.FACTRUEVAL) {
            r = r.withExtent(extent);
        }
        if (mentions != null && !CorpusReaders.isColumnFormat(r.format())) {
            r = r.withMentions(mentions);
        }
        return r;
    }

    /**
     * Reads a corpus through its UIMA reader (built by {@link CorpusReaders}) and extracts training sentences;
     * the reader's report is printed.
     */
    private static List<LabeledSentence> read(CorpusRef corpus, String language, AlignmentPolicy policy,
                                              PrintWriter err, CasSentences cas) throws IOException {
        Path path = corpus.path();
        if (!Files.exists(path)) {
            throw new IOException(path + ": no such file or folder");
        }
        CorpusReaders.Options options = corpus.readerOptions(language, policy);
        List<LabeledSentence> out = new ArrayList<>();
        try {
            CollectionReader reader = CollectionReaderFactory.createReader(
                    CorpusReaders.create(corpus.format(), path, options));
            JCas jcas = JCasFactory.createJCas();
            while (reader.hasNext()) {
                reader.getNext(jcas.getCas());
                out.addAll(cas.extract(jcas));
                jcas.reset();
            }
            if (reader instanceof ReportingReader r) {
                err.println("read " + corpus.format().name().toLowerCase(Locale.ROOT) + ":" + path + " -> "
                        + out.size() + " sentences");
                err.println(r.report().format());
            }
            reader.destroy();
        } catch (UIMAException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
        return out;
    }
}
