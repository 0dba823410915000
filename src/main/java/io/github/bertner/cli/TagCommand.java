package io.github.bertner.cli;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.inference.Batching;
import io.github.bertner.inference.DefaultModels;
import io.github.bertner.inference.SharedPredictors;
import io.github.bertner.io.AlignmentPolicy;
import io.github.bertner.io.ControlCharacters;
import io.github.bertner.io.CorpusFiles;
import io.github.bertner.io.CorpusFormat;
import io.github.bertner.io.ReadReport;
import io.github.bertner.io.ReaderException;
import io.github.bertner.model.BertConfig;
import io.github.bertner.io.CorpusReaders;
import io.github.bertner.io.FactRuEvalExtent;
import io.github.bertner.io.ReportingReader;
import io.github.bertner.runtime.InferenceRuntime;
import io.github.bertner.tagging.Decoding;
import io.github.bertner.type.ScoredNamedEntity;
import io.github.bertner.uima.EntityJsonlWriter;
import io.github.bertner.uima.NerTagging;
import io.github.bertner.uima.OrderedCasPipeline;
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
import org.apache.uima.fit.factory.TypeSystemDescriptionFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.resource.metadata.MetaDataObject;
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

    /** Characters after which a batch of documents closes, whatever --batch-documents says. */
    static final long BATCH_CHARACTERS = 200_000;

    @Option(names = "--model", description = "Fine-tuned model folder (default: the shipped model of --lang, "
            + "models/<lang>).")
    Path model;

    @Option(names = "--input-format", defaultValue = "text",
            description = "text (default), xmi, or a corpus format: conll2003, wnut17, factrueval, bsnlp, brat.")
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

    @Option(names = "--lang", description = "Document language (default: en for text and xmi input, the "
            + "reader's default for corpus formats).")
    String language;

    @Option(names = "--mapping",
            description = "Label mapping for the gold types of corpus inputs (built-in name or file).")
    String labelMapping;

    @Option(names = "--extent", converter = ReaderOptions.ExtentConverter.class,
            description = "factrueval input: which text of a gold object is the entity: object (first to last span, "
                    + "descriptors included; default) or names (name spans only, as the natasha/naeval benchmark "
                    + "reads the corpus).")
    FactRuEvalExtent extent;

    @Option(names = "--policy", converter = ReaderOptions.PolicyConverter.class, defaultValue = "FAIL",
            description = "What to do with bad input: FAIL (default), SKIP_ANNOTATION, SKIP_DOCUMENT; skips are "
                    + "counted and printed. Text input: control characters are an error under FAIL, replaced "
                    + "by U+FFFD otherwise.")
    AlignmentPolicy policy;

    @Option(names = "--docstart", description = "CoNLL output: write -DOCSTART- before each document.")
    boolean docstart;

    @Option(names = "--threads", defaultValue = "1", description = "Tagger threads sharing one model (default 1); "
            + "documents are written in input order, the output is identical to --threads 1.")
    int threads;

    @Option(names = "--batch-documents", defaultValue = "64", description = "Consecutive documents tagged together, "
            + "so that short documents (posts, tweets) fill model calls (default ${DEFAULT-VALUE}); a batch also closes at "
            + BATCH_CHARACTERS + " characters. Batches are formed in input order, so the output does not depend on "
            + "--threads; 1 tags each document on its own (confidences can then differ in the last digits).")
    int batchDocuments;

    @Option(names = "--out", description = "Output file (conll, jsonl) or folder (xmi); without it the entities are "
            + "printed, one per line: document, begin-end (UTF-16 offsets), type, confidence, text.")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Input files or folders.")
    List<Path> inputs;

    @Override
    public Integer call() throws Exception {
        // every option is checked, and the model's config read, before any input is touched
        InputFormat in = inputKind(inputFormat);
        OutputFormat of = parseEnum(OutputFormat.class, outputFormat, "--output-format");
        Decoding mode = parseEnum(Decoding.class, decoding, "--decoding");
        Options.atLeast("--batch-size", batchSize, 1);
        Options.atLeast("--max-length", maxLength, 0);
        Options.atLeast("--stride", stride, -1);
        Options.atLeast("--threads", threads, 1);
        Options.atLeast("--batch-documents", batchDocuments, 1);
        Options.device(device);
        if (extent != null && !inputFormat.trim().equalsIgnoreCase("factrueval")) {
            throw new UsageException("--extent: applies to --input-format factrueval only, found --input-format "
                    + inputFormat);
        }
        boolean printEntities = out == null;
        if (printEntities) {
            of = OutputFormat.JSONL;
            out = Files.createTempFile("bertner-tag", ".jsonl");
            out.toFile().deleteOnExit();
        }
        if (model == null) {
            try {
                model = DefaultModels.locate(language != null ? language : "en");
            } catch (IllegalArgumentException e) {
                throw new UsageException("--model: " + e.getMessage() + "; pass --model <folder>");
            }
        }
        BertConfig config = Options.modelConfig("--model", model);
        Options.finiteWeights(model);
        if (maxLength > config.maxPositionEmbeddings()) {
            throw new UsageException("--max-length: expected at most " + config.maxPositionEmbeddings()
                    + " (max_position_embeddings of " + model + "), found " + maxLength);
        }
        if (of == OutputFormat.XMI ? Files.isRegularFile(out) : Files.isDirectory(out)) {
            throw new UsageException("--out: expected " + (of == OutputFormat.XMI ? "a folder" : "a file") + " for "
                    + of.name().toLowerCase(Locale.ROOT) + " output, found the existing "
                    + (of == OutputFormat.XMI ? "file " : "folder ") + out);
        }
        InferenceRuntime forward = parseRuntime();
        for (Path input : inputs) {
            if (!Files.exists(input)) {
                throw new ReaderException(input.toString(), -1, "expected an existing file or folder, found none");
            }
        }
        String lang = language != null ? language : in == InputFormat.CORPUS ? null : "en";
        List<Path> textFiles = in == InputFormat.TEXT ? textFiles() : List.of();
        AnalysisEngineDescription segmenter = in == InputFormat.TEXT
                ? AnalysisEngineFactory.createEngineDescription(BreakIteratorSegmenter.class,
                        BreakIteratorSegmenter.PARAM_LANGUAGE, lang)
                : null;
        SharedPredictors.Spec modelSpec = new SharedPredictors.Spec(model, device, forward, batchSize, maxLength,
                stride);
        OrderedCasPipeline.WorkerFactory tagging = metaData -> TaggingWorker.create(segmenter, modelSpec, mode,
                metaData);
        Counts counts = new Counts();
        long started = System.nanoTime();
        boolean done = false;
        try {
            AnalysisEngine writer = AnalysisEngineFactory.createEngine(writer(of));
            try {
                List<Path> readerInputs = in == InputFormat.XMI ? xmiFiles() : inputs;
                List<MetaDataObject> metaData = new ArrayList<>(List.of(writer.getProcessingResourceMetaData()));
                if (in != InputFormat.TEXT) {
                    metaData.add(reader(in, readerInputs.get(0), lang).getCollectionReaderMetaData());
                }
                // the writer runs on this thread, in input order, so the output does not depend on --threads
                try (OrderedCasPipeline pipeline = new OrderedCasPipeline(tagging, threads,
                        new OrderedCasPipeline.BatchLimits(batchDocuments, BATCH_CHARACTERS), metaData,
                        (cas, document) -> {
                            process(writer, cas, document);
                            counts.add(cas.getJCas());
                        })) {
                    if (in == InputFormat.TEXT) {
                        tagTextFiles(pipeline, textFiles, lang, counts);
                    } else {
                        for (Path input : readerInputs) {
                            tagWithReader(pipeline, reader(in, input, lang), in, input, counts);
                        }
                    }
                    pipeline.finish();
                } catch (OrderedCasPipeline.DocumentException e) {
                    throw new ReaderException(e.document(), -1, "tagging failed: " + ErrorReporter.message(e.getCause()),
                            e.getCause());
                }
                writer.collectionProcessComplete();
            } finally {
                writer.destroy();
            }
            done = true;
        } finally {
            if (!done && of != OutputFormat.XMI) {
                // a half-written or empty file would pass for a result
                Files.deleteIfExists(out);
            }
        }
        if (counts.tokens == 0) {
            throw new ReaderException(inputs.get(0).toString(), -1, "expected documents with tokens to tag, found "
                    + counts.documents + " document(s) and no tokens");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        PrintWriter console = spec.commandLine().getOut();
        if (printEntities) {
            printEntities(console);
            Files.deleteIfExists(out);
        }
        console.printf(Locale.ROOT, "tagged %d documents, %d tokens, %d entities in %.1f s (%.0f tokens/s) -> %s%n",
                counts.documents, counts.tokens, counts.entities, seconds, counts.tokens / Math.max(seconds, 1e-9),
                printEntities ? "printed above" : out);
        if (counts.skipped > 0) {
            console.printf(Locale.ROOT, "skipped %d document(s) without Sentence annotations (--policy %s)%n",
                    counts.skipped, policy.name().toLowerCase(Locale.ROOT));
        }
        if (counts.controlReplaced > 0) {
            console.printf(Locale.ROOT, "replaced %d control character(s) with U+FFFD (%s)%n", counts.controlReplaced,
                    ControlCharacters.COUNTER);
        }
        return 0;
    }

    /**
     * Runs the engine on one document; a failure is reported with the document it happened in, since
     * the tagger's own message cannot know the file.
     */
    private static void process(AnalysisEngine engine, CAS cas, String document) {
        try {
            engine.process(cas);
        } catch (Exception e) {
            throw new ReaderException(document, -1, "tagging failed: " + ErrorReporter.message(e), e);
        }
    }

    private static String documentName(CAS cas, String fallback) {
        try {
            DocumentMetaData meta = JCasUtil.selectSingle(cas.getJCas(), DocumentMetaData.class);
            if (meta.getDocumentUri() != null && meta.getDocumentUri().startsWith("file:")) {
                return Path.of(java.net.URI.create(meta.getDocumentUri())).toString();
            }
            return meta.getDocumentId() != null ? meta.getDocumentId() : fallback;
        } catch (Exception e) {
            return fallback;
        }
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
        throw new UsageException("--input-format: expected one of text, xmi, "
                + Arrays.stream(CorpusFormat.values()).map(CorpusFormat::cliName).collect(Collectors.joining(", "))
                + ", found '" + value + "'");
    }

    /** XMI inputs one file at a time, so that a file that cannot be read is named. */
    private List<Path> xmiFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (!Files.isDirectory(input)) {
                files.add(input);
                continue;
            }
            try (Stream<Path> walk = Files.walk(input)) {
                List<Path> found = walk.filter(p -> p.getFileName().toString().endsWith(".xmi")
                        && Files.isRegularFile(p)).sorted().toList();
                if (found.isEmpty()) {
                    throw new ReaderException(input.toString(), -1, "expected .xmi files, found none");
                }
                files.addAll(found);
            }
        }
        return files;
    }

    /** Prints the JSONL written to the temporary {@code out} as one readable line per entity. */
    private void printEntities(PrintWriter console) throws java.io.IOException {
        for (String line : Files.readAllLines(out, java.nio.charset.StandardCharsets.UTF_8)) {
            com.google.gson.JsonObject doc = com.google.gson.JsonParser.parseString(line).getAsJsonObject();
            String id = doc.get("document").getAsString();
            for (com.google.gson.JsonElement e : doc.getAsJsonArray("entities")) {
                com.google.gson.JsonObject o = e.getAsJsonObject();
                console.printf(Locale.ROOT, "%s\t%d-%d\t%s\t%.3f\t%s%n", id, o.get("begin").getAsInt(),
                        o.get("end").getAsInt(), o.get("type").getAsString(), o.get("confidence").getAsDouble(),
                        o.get("text").getAsString());
            }
        }
    }

    private CollectionReaderDescription reader(InputFormat format, Path input, String lang) throws Exception {
        if (format == InputFormat.XMI) {
            return CollectionReaderFactory.createReaderDescription(XmiReader.class,
                    XmiReader.PARAM_SOURCE_LOCATION, input.toAbsolutePath().getParent().toString(),
                    XmiReader.PARAM_PATTERNS, new String[] {input.getFileName().toString()},
                    XmiReader.PARAM_LANGUAGE, lang);
        }
        return CorpusReaders.create(CorpusFormat.parse(inputFormat), input, CorpusReaders.Options.builder()
                .optLanguage(lang).optPolicy(policy).optLabelMapping(labelMapping).optExtent(extent).build());
    }

    private void tagWithReader(OrderedCasPipeline pipeline, CollectionReaderDescription description, InputFormat in,
                               Path input, Counts counts) throws Exception {
        CollectionReader reader = CollectionReaderFactory.createReader(description);
        try {
            int n = 0;
            while (reader.hasNext()) {
                CAS cas = pipeline.nextCas();
                try {
                    reader.getNext(cas);
                } catch (Exception e) {
                    if (in != InputFormat.XMI) {
                        throw e;
                    }
                    int line = -1;
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        if (t instanceof org.xml.sax.SAXParseException sax) {
                            line = sax.getLineNumber();
                        }
                    }
                    throw new ReaderException(input.toString(), line, "expected a UIMA XMI file, found "
                            + ErrorReporter.message(e), e);
                }
                String document = documentName(cas, description.getImplementationName() + " document " + (++n));
                if (in == InputFormat.XMI && !hasSentences(cas, document)) {
                    counts.skipped++;
                    pipeline.release(cas);
                    continue;
                }
                pipeline.submit(cas, document);
            }
            if (reader instanceof ReportingReader reporting) {
                spec.commandLine().getErr().print(reporting.report().format());
            }
        } finally {
            reader.close();
            reader.destroy();
        }
    }

    /**
     * Whether an XMI document can be tagged: the tagger works sentence by sentence, so a document with
     * tokens and no Sentence would come out untagged while the summary counted its tokens.
     */
    private boolean hasSentences(CAS cas, String document) throws Exception {
        JCas jcas = cas.getJCas();
        if (JCasUtil.exists(jcas, Sentence.class) && JCasUtil.exists(jcas, Token.class)) {
            return true;
        }
        String found = JCasUtil.select(jcas, Token.class).size() + " Token and "
                + JCasUtil.select(jcas, Sentence.class).size() + " Sentence annotations";
        if (policy == AlignmentPolicy.FAIL) {
            throw new ReaderException(document, -1, "expected Token and Sentence annotations to tag, found " + found
                    + " (tag its text with --input-format text instead)");
        }
        spec.commandLine().getErr().println("skipped " + document + ": expected Token and Sentence annotations, found "
                + found);
        return false;
    }

    private void tagTextFiles(OrderedCasPipeline pipeline, List<Path> files, String lang, Counts counts)
            throws Exception {
        ReadReport report = new ReadReport();
        for (Path file : files) {
            JCas jcas = pipeline.nextCas().getJCas();
            jcas.setDocumentText(ControlCharacters.apply(CorpusFiles.readUtf8(file), file.toString(), policy, report));
            jcas.setDocumentLanguage(lang);
            DocumentMetaData meta = DocumentMetaData.create(jcas);
            meta.setDocumentId(file.getFileName().toString());
            meta.setDocumentTitle(file.getFileName().toString());
            meta.setDocumentUri(file.toAbsolutePath().toUri().toString());
            meta.setDocumentBaseUri(file.toAbsolutePath().getParent().toUri().toString());
            pipeline.submit(jcas.getCas(), file.toString());
        }
        counts.controlReplaced += report.get(ControlCharacters.COUNTER);
    }

    private List<Path> textFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> walk = Files.walk(input)) {
                    List<Path> found = walk.filter(Files::isRegularFile)
                            .filter(p -> !p.getFileName().toString().startsWith("."))
                            .sorted().toList();
                    if (found.isEmpty()) {
                        throw new ReaderException(input.toString(), -1, "expected text files, found an empty folder");
                    }
                    files.addAll(found);
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
        throw new UsageException(option + ": expected one of "
                + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")) + ", found '" + value + "'");
    }

    /** Running totals for the summary line. */
    /**
     * One pipeline thread of {@code tag}: the segmenter (text input) per document, then {@link NerTagging} on the
     * whole batch with the shared model.
     */
    private static final class TaggingWorker implements OrderedCasPipeline.Worker {
        private final AnalysisEngine segmenter;
        private final SharedPredictors.Lease lease;
        private final NerTagging tagging;

        private TaggingWorker(AnalysisEngine segmenter, SharedPredictors.Lease lease, NerTagging tagging) {
            this.segmenter = segmenter;
            this.lease = lease;
            this.tagging = tagging;
        }

        static TaggingWorker create(AnalysisEngineDescription segmenter, SharedPredictors.Spec model,
                                    Decoding decoding, List<MetaDataObject> metaData)
                throws ResourceInitializationException {
            AnalysisEngine engine = segmenter == null ? null : AnalysisEngineFactory.createEngine(segmenter);
            SharedPredictors.Lease lease;
            try {
                lease = SharedPredictors.acquire(model);
            } catch (IOException | RuntimeException e) {
                if (engine != null) {
                    engine.destroy();
                }
                throw new ResourceInitializationException(new IllegalStateException(
                        "cannot load model from " + model.modelDir() + ": " + ErrorReporter.message(e), e));
            }
            if (engine != null) {
                metaData.add(engine.getProcessingResourceMetaData());
            }
            metaData.add(TypeSystemDescriptionFactory.createTypeSystemDescription());
            return new TaggingWorker(engine, lease, new NerTagging(lease.predictor(), decoding, Batching.OWN,
                    model.modelDir().toString()));
        }

        @Override
        public void process(List<CAS> batch) throws Exception {
            List<JCas> documents = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                try {
                    if (segmenter != null) {
                        segmenter.process(batch.get(i));
                    }
                    documents.add(batch.get(i).getJCas());
                } catch (Exception e) {
                    throw new OrderedCasPipeline.DocumentFailure(i, e);
                }
            }
            try {
                tagging.process(documents);
            } catch (RuntimeException e) {
                // a batch's model call is shared, so only a batch of one can name its document
                if (documents.size() == 1) {
                    throw new OrderedCasPipeline.DocumentFailure(0, e);
                }
                throw e;
            }
        }

        @Override
        public void collectionProcessComplete() throws Exception {
            if (segmenter != null) {
                segmenter.collectionProcessComplete();
            }
            tagging.logCounts();
        }

        @Override
        public void close() {
            try {
                if (segmenter != null) {
                    segmenter.destroy();
                }
            } finally {
                lease.close();
            }
        }
    }

    private static final class Counts {
        private long documents;
        private long tokens;
        private long entities;
        private long skipped;
        private long controlReplaced;

        void add(JCas jcas) {
            documents++;
            tokens += JCasUtil.select(jcas, Token.class).size();
            entities += JCasUtil.select(jcas, ScoredNamedEntity.class).size();
        }
    }
}
