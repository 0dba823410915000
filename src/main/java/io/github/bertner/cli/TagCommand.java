package io.github.bertner.cli;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.io.AlignmentPolicy;
import io.github.bertner.io.CorpusFormat;
import io.github.bertner.io.CorpusReaders;
import io.github.bertner.io.ReportingReader;
import io.github.bertner.runtime.InferenceRuntime;
import io.github.bertner.tagging.Decoding;
import io.github.bertner.type.ScoredNamedEntity;
import io.github.bertner.uima.EntityJsonlWriter;
import io.github.bertner.uima.NerTagger;
import io.github.bertner.uima.PredictionConllWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.cas.CAS;
import org.apache.uima.collection.CollectionReader;
import org.apache.uima.collection.CollectionReaderDescription;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.metadata.ResourceMetaData;
import org.apache.uima.util.CasCreationUtils;
import org.dkpro.core.io.xmi.XmiReader;
import org.dkpro.core.io.xmi.XmiWriter;
import org.dkpro.core.tokit.BreakIteratorSegmenter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bertner tag}: runs a fine-tuned model over documents and writes the predicted entities as
 * a three-column CoNLL file ({@code token gold predicted}, readable by {@code evaluate}), XMI, or
 * JSON lines.
 */
@Command(name = "tag", mixinStandardHelpOptions = true,
        description = "Tag named entities with a fine-tuned model.")
public final class TagCommand implements Callable<Integer> {

    /** Input formats of {@code tag} besides the corpus formats of {@link CorpusFormat}. */
    public enum InputFormat {
        /** Plain UTF-8 text files, one document per file, segmented with DKPro's BreakIteratorSegmenter. */
        TEXT,
        /** UIMA XMI files that already hold Token and Sentence annotations. */
        XMI,
        /** A corpus format read by {@link CorpusReaders} (gold entities kept for the CoNLL output). */
        CORPUS
    }

    /** Output formats of {@code tag}. */
    public enum OutputFormat {
        /** One {@code token gold predicted} line per token, blank line between sentences. */
        CONLL,
        /** One XMI file per document in the output folder. */
        XMI,
        /** One JSON object per document with its entities. */
        JSONL
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "Fine-tuned model folder.")
    Path model;

    @Option(names = "--input-format", required = true,
            description = "text, xmi, or a corpus format: conll2003, wnut17, factrueval, bsnlp, brat.")
    String inputFormat;

    @Option(names = "--output-format", defaultValue = "conll", description = "conll (default), xmi or jsonl.")
    String outputFormat;

    @Option(names = "--decoding", defaultValue = "viterbi", description = "viterbi (default) or argmax.")
    String decoding;

    @Option(names = "--device", defaultValue = "auto", description = "auto (default), cpu or gpu:N.")
    String device;

    @Option(names = "--runtime", defaultValue = "pytorch",
            description = "pytorch (default), onnx (ONNX Runtime fp32, CPU) or onnx-int8 (int8 projections, CPU).")
    String runtime;

    @Option(names = "--batch-size", defaultValue = "32", description = "Windows per model call (default 32).")
    int batchSize;

    @Option(names = "--max-length", defaultValue = "0",
            description = "Word pieces per window; 0 (default) takes the model's setting.")
    int maxLength;

    @Option(names = "--stride", defaultValue = "-1",
            description = "Word pieces shared by consecutive windows; -1 (default) takes the model's setting.")
    int stride;

    @Option(names = "--language", defaultValue = "en", description = "Document language (default en).")
    String language;

    @Option(names = "--label-mapping",
            description = "Label mapping for the gold types of corpus inputs (built-in name or file).")
    String labelMapping;

    @Option(names = "--alignment-policy", defaultValue = "fail",
            description = "Corpus inputs: fail (default), skip_annotation or skip_document on bad lines/tags.")
    String alignmentPolicy;

    @Option(names = "--docstart", description = "CoNLL output: write -DOCSTART- before each document.")
    boolean docstart;

    @Option(names = "--out", required = true, description = "Output file (conll, jsonl) or folder (xmi).")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Input files or folders.")
    List<Path> inputs;

    @Override
    public Integer call() throws Exception {
        InputFormat in = inputKind(inputFormat);
        OutputFormat of = parseEnum(OutputFormat.class, outputFormat, "--output-format");
        Decoding mode = parseEnum(Decoding.class, decoding, "--decoding");
        AlignmentPolicy policy = parseEnum(AlignmentPolicy.class, alignmentPolicy, "--alignment-policy");
        InferenceRuntime forward = parseRuntime();
        for (Path input : inputs) {
            if (!Files.exists(input)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "input not found: " + input);
            }
        }
        List<AnalysisEngineDescription> steps = new ArrayList<>();
        if (in == InputFormat.TEXT) {
            steps.add(AnalysisEngineFactory.createEngineDescription(BreakIteratorSegmenter.class,
                    BreakIteratorSegmenter.PARAM_LANGUAGE, language));
        }
        steps.add(AnalysisEngineFactory.createEngineDescription(NerTagger.class,
                NerTagger.PARAM_MODEL_LOCATION, model.toString(),
                NerTagger.PARAM_BATCH_SIZE, batchSize,
                NerTagger.PARAM_MAX_LENGTH, maxLength,
                NerTagger.PARAM_STRIDE, stride,
                NerTagger.PARAM_DEVICE, device,
                NerTagger.PARAM_DECODING, mode.name(),
                NerTagger.PARAM_RUNTIME, forward.name()));
        steps.add(writer(of));
        AnalysisEngine engine = AnalysisEngineFactory.createEngine(
                AnalysisEngineFactory.createEngineDescription(steps.toArray(new AnalysisEngineDescription[0])));
        Counts counts = new Counts();
        long started = System.nanoTime();
        try {
            if (in == InputFormat.TEXT) {
                tagTextFiles(engine, counts);
            } else {
                for (Path input : inputs) {
                    tagWithReader(engine, reader(in, input, policy), counts);
                }
            }
            engine.collectionProcessComplete();
        } finally {
            engine.destroy();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        PrintWriter console = spec.commandLine().getOut();
        console.printf(Locale.ROOT, "tagged %d documents, %d tokens, %d entities in %.1f s (%.0f tokens/s) -> %s%n",
                counts.documents, counts.tokens, counts.entities, seconds, counts.tokens / Math.max(seconds, 1e-9), out);
        return 0;
    }

    private AnalysisEngineDescription writer(OutputFormat format) throws Exception {
        return switch (format) {
            case CONLL -> AnalysisEngineFactory.createEngineDescription(PredictionConllWriter.class,
                    PredictionConllWriter.PARAM_TARGET_LOCATION, out.toString(),
                    PredictionConllWriter.PARAM_WRITE_DOCSTART, docstart);
            case JSONL -> AnalysisEngineFactory.createEngineDescription(EntityJsonlWriter.class,
                    EntityJsonlWriter.PARAM_TARGET_LOCATION, out.toString());
            case XMI -> AnalysisEngineFactory.createEngineDescription(XmiWriter.class,
                    XmiWriter.PARAM_TARGET_LOCATION, out.toString(),
                    XmiWriter.PARAM_USE_DOCUMENT_ID, true,
                    XmiWriter.PARAM_ESCAPE_FILENAME, true,
                    XmiWriter.PARAM_OVERWRITE, true);
        };
    }

    private InputFormat inputKind(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("text")) {
            return InputFormat.TEXT;
        }
        if (v.equalsIgnoreCase("xmi")) {
            return InputFormat.XMI;
        }
        for (CorpusFormat f : CorpusFormat.values()) {
            if (f.cliName().equalsIgnoreCase(v)) {
                return InputFormat.CORPUS;
            }
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "--input-format: expected one of text, xmi, "
                + Arrays.stream(CorpusFormat.values()).map(CorpusFormat::cliName).collect(Collectors.joining(", "))
                + ", found '" + value + "'");
    }

    private CollectionReaderDescription reader(InputFormat format, Path input, AlignmentPolicy policy)
            throws Exception {
        if (format == InputFormat.XMI) {
            boolean folder = Files.isDirectory(input);
            return CollectionReaderFactory.createReaderDescription(XmiReader.class,
                    XmiReader.PARAM_SOURCE_LOCATION, (folder ? input : input.toAbsolutePath().getParent()).toString(),
                    XmiReader.PARAM_PATTERNS, new String[] {folder ? "**/*.xmi" : input.getFileName().toString()},
                    XmiReader.PARAM_LANGUAGE, language);
        }
        return CorpusReaders.create(CorpusFormat.parse(inputFormat), input, CorpusReaders.Options.builder()
                .optLanguage(language).optPolicy(policy).optLabelMapping(labelMapping).build());
    }

    private void tagWithReader(AnalysisEngine engine, CollectionReaderDescription description, Counts counts)
            throws Exception {
        CollectionReader reader = CollectionReaderFactory.createReader(description);
        try {
            List<ResourceMetaData> metaData = List.of(reader.getProcessingResourceMetaData(),
                    engine.getProcessingResourceMetaData());
            CAS cas = CasCreationUtils.createCas(metaData);
            while (reader.hasNext()) {
                cas.reset();
                reader.getNext(cas);
                engine.process(cas);
                counts.add(cas.getJCas());
            }
            if (reader instanceof ReportingReader reporting) {
                spec.commandLine().getErr().print(reporting.report().format());
            }
        } finally {
            reader.close();
            reader.destroy();
        }
    }

    private void tagTextFiles(AnalysisEngine engine, Counts counts) throws Exception {
        JCas jcas = engine.newJCas();
        for (Path file : textFiles()) {
            jcas.reset();
            jcas.setDocumentText(Files.readString(file, StandardCharsets.UTF_8));
            jcas.setDocumentLanguage(language);
            DocumentMetaData meta = DocumentMetaData.create(jcas);
            meta.setDocumentId(file.getFileName().toString());
            meta.setDocumentTitle(file.getFileName().toString());
            meta.setDocumentUri(file.toAbsolutePath().toUri().toString());
            meta.setDocumentBaseUri(file.toAbsolutePath().getParent().toUri().toString());
            engine.process(jcas);
            counts.add(jcas);
        }
    }

    private List<Path> textFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> walk = Files.walk(input)) {
                    files.addAll(walk.filter(Files::isRegularFile)
                            .filter(p -> !p.getFileName().toString().startsWith("."))
                            .sorted().toList());
                }
            } else {
                files.add(input);
            }
        }
        return files;
    }

    private InferenceRuntime parseRuntime() {
        try {
            return InferenceRuntime.parse(runtime);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--runtime: " + e.getMessage(), e, null, runtime);
        }
    }

    private <E extends Enum<E>> E parseEnum(Class<E> type, String value, String option) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value.trim())) {
                return e;
            }
        }
        throw new CommandLine.ParameterException(spec.commandLine(), option + ": expected one of "
                + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")) + ", found '" + value + "'");
    }

    /** Running totals for the summary line. */
    private static final class Counts {
        private long documents;
        private long tokens;
        private long entities;

        void add(JCas jcas) {
            documents++;
            tokens += JCasUtil.select(jcas, Token.class).size();
            entities += JCasUtil.select(jcas, ScoredNamedEntity.class).size();
        }
    }
}
