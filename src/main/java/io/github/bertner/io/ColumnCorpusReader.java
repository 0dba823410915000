package io.github.bertner.io;

import de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS;
import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.tagging.DecodeMode;
import io.github.bertner.tagging.LabelMapping;
import io.github.bertner.tagging.Span;
import io.github.bertner.tagging.TagScheme;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.uima.UimaContext;
import org.apache.uima.collection.CollectionException;
import org.apache.uima.fit.component.JCasCollectionReader_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.util.Progress;
import org.apache.uima.util.ProgressImpl;
import org.dkpro.core.api.parameter.ComponentParameters;

/**
 * Shared machinery of the column-format readers ({@link Conll2003Reader}, {@link Wnut17Reader}):
 * file selection, strict decoding, tag decoding with the alignment policy, label mapping, and building
 * one CAS per {@link ColumnDocument}.
 *
 * <p>CAS layout: the document text is the tokens of a sentence joined by single spaces, sentences
 * joined by {@code "\n"}; one {@link Token} per token line, one {@link Sentence} per sentence, one
 * {@link NamedEntity} (feature {@code value} = mapped type) per decoded entity, a {@link POS} on the
 * token when the format has a POS column, and {@link DocumentMetaData} with {@code documentId} =
 * file name + {@code #} + document number, {@code documentUri} = file URI + {@code #} + number,
 * {@code documentBaseUri} = the source folder's URI and {@code collectionId} = the source location.
 *
 * <p>Files are read whole, one at a time, in sorted path order; only the documents of the current
 * file are held in memory.
 */
public abstract class ColumnCorpusReader extends JCasCollectionReader_ImplBase implements ReportingReader {

    /** A file or a folder of corpus files. */
    public static final String PARAM_SOURCE_LOCATION = ComponentParameters.PARAM_SOURCE_LOCATION;
    @ConfigurationParameter(name = PARAM_SOURCE_LOCATION)
    private String sourceLocation;

    /**
     * Include ({@code [+]glob} or plain glob) and exclude ({@code [-]glob}) patterns relative to the
     * source folder (see {@link CorpusFiles#select}), used when the source location is a folder.
     * Default: every file directly in the folder except hidden ones and {@code README*} /
     * {@code LICENSE*}, which corpus folders ship beside the data.
     */
    public static final String PARAM_PATTERNS = ComponentParameters.PARAM_PATTERNS;
    @ConfigurationParameter(name = PARAM_PATTERNS, mandatory = false)
    private String[] patterns;

    /** Document language set on every CAS. */
    public static final String PARAM_LANGUAGE = ComponentParameters.PARAM_LANGUAGE;
    @ConfigurationParameter(name = PARAM_LANGUAGE, defaultValue = "en")
    private String language;

    /** Encoding of the files; undecodable bytes are an error naming file, line and byte offset. */
    public static final String PARAM_SOURCE_ENCODING = ComponentParameters.PARAM_SOURCE_ENCODING;
    @ConfigurationParameter(name = PARAM_SOURCE_ENCODING, defaultValue = ComponentParameters.DEFAULT_ENCODING)
    private String sourceEncoding;

    /**
     * Tag scheme of the NER column ({@link TagScheme} name); empty means the format's own scheme
     * (IOB1 for CoNLL-2003, IOB2 for WNUT-17).
     */
    public static final String PARAM_TAG_SCHEME = "tagScheme";
    @ConfigurationParameter(name = PARAM_TAG_SCHEME, mandatory = false)
    private String tagScheme;

    /**
     * {@link DecodeMode}: {@code STRICT} reports every tag that breaks the scheme (handled by the
     * alignment policy); {@code LENIENT} (default) repairs them with conlleval.pl semantics, the
     * de-facto reading of CoNLL files (eng.train has two {@code B-MISC} right after {@code O}), and
     * logs and counts every repair ({@code quirks.repairedTags}).
     */
    public static final String PARAM_DECODE_MODE = "decodeMode";
    @ConfigurationParameter(name = PARAM_DECODE_MODE, defaultValue = "LENIENT")
    private DecodeMode decodeMode;

    /**
     * {@link AlignmentPolicy} for malformed lines, unknown tags and invalid tag sequences: {@code FAIL}
     * throws, {@code SKIP_ANNOTATION} skips the sentence (or decodes its tags leniently),
     * {@code SKIP_DOCUMENT} skips the CAS.
     */
    public static final String PARAM_ALIGNMENT_POLICY = "alignmentPolicy";
    @ConfigurationParameter(name = PARAM_ALIGNMENT_POLICY, defaultValue = "FAIL")
    private AlignmentPolicy alignmentPolicy;

    /**
     * Label mapping applied to entity types: a built-in name ({@code conll2003-en}, {@code wnut17-en})
     * or a file path. Default: types kept as written. Unmapped types are an error; types mapped to
     * {@code -} are dropped and counted.
     */
    public static final String PARAM_LABEL_MAPPING = "labelMapping";
    @ConfigurationParameter(name = PARAM_LABEL_MAPPING, mandatory = false)
    private String labelMapping;

    private static final List<String> DEFAULT_PATTERNS = List.of("*", "[-].*", "[-]README*", "[-]LICENSE*");

    private final ReadReport report = new ReadReport();
    private final Deque<ColumnDocument> pending = new ArrayDeque<>();
    private List<Path> files;
    private int nextFile;
    private Path baseDir;
    private Charset charset;
    private EntityDecoding decoding;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        try {
            charset = Charset.forName(sourceEncoding);
            TagScheme scheme = tagScheme == null || tagScheme.isBlank() ? defaultScheme() : TagScheme.parse(tagScheme);
            LabelMapping mapping = labelMapping == null || labelMapping.isBlank()
                    ? LabelMapping.identity() : LabelMapping.resource(labelMapping);
            decoding = new EntityDecoding(scheme, decodeMode, alignmentPolicy, mapping);
            Path source = Path.of(sourceLocation);
            files = CorpusFiles.select(source, patterns == null || patterns.length == 0
                    ? DEFAULT_PATTERNS : List.of(patterns));
            baseDir = Files.isDirectory(source) ? source : source.toAbsolutePath().getParent();
        } catch (IllegalArgumentException | UncheckedIOException | ReaderException e) {
            throw new ResourceInitializationException(e);
        }
        if (files.isEmpty()) {
            throw new ResourceInitializationException(new IllegalArgumentException(
                    "no corpus files found at " + sourceLocation + " (patterns " + describePatterns() + ")"));
        }
    }

    private String describePatterns() {
        return patterns == null ? "default" : String.join(", ", patterns);
    }

    /**
     * The scheme of the format's tag column when {@link #PARAM_TAG_SCHEME} is not set.
     *
     * @return the format's scheme
     */
    protected abstract TagScheme defaultScheme();

    /**
     * Splits one decoded file into documents (tags not yet decoded).
     *
     * @param fileName file name for ids and messages
     * @param text     the file's lines
     * @param policy   the alignment policy
     * @param report   receives counters and issues
     * @return the documents of the file
     */
    protected abstract List<ColumnDocument> parse(String fileName, TextLines text, AlignmentPolicy policy,
                                                  ReadReport report);

    @Override
    public ReadReport report() {
        return report;
    }

    /**
     * {@inheritDoc}
     *
     * @throws CollectionException wrapping a {@link ReaderException} for input the policy rejects
     */
    @Override
    public boolean hasNext() throws CollectionException {
        try {
            while (pending.isEmpty() && nextFile < files.size()) {
                readFile(files.get(nextFile++));
            }
        } catch (ReaderException | UncheckedIOException e) {
            throw new CollectionException(e);
        }
        return !pending.isEmpty();
    }

    private void readFile(Path file) {
        String name = file.getFileName().toString();
        TextLines text;
        try {
            text = TextLines.read(file, charset);
        } catch (ReaderException e) {
            if (alignmentPolicy == AlignmentPolicy.FAIL) {
                throw e;
            }
            report.issue(new ReadIssue(name, e.line(), null, "encoding", "valid " + charset.name(),
                    e.getMessage(), "file skipped"));
            return;
        }
        List<String> lines = new ArrayList<>(text.lines().size());
        for (int i = 0; i < text.lines().size(); i++) {
            lines.add(ControlCharacters.apply(text.lines().get(i), name, i + 1, alignmentPolicy, report));
        }
        text = new TextLines(lines, text.bom(), text.crlfLines(), text.endsWithLineTerminator());
        report.count("files");
        if (text.bom()) {
            report.count("quirks.bom");
        }
        if (text.crlfLines() > 0) {
            report.add("quirks.crlfLines", text.crlfLines());
        }
        for (ColumnDocument document : parse(name, text, alignmentPolicy, report)) {
            decoding.decode(document, report).ifPresent(pending::add);
        }
    }

    @Override
    public void getNext(JCas jcas) throws IOException, CollectionException {
        if (!hasNext()) {
            throw new CollectionException(new IllegalStateException("no more documents"));
        }
        ColumnDocument document = pending.poll();
        fill(jcas, document);
    }

    private void fill(JCas jcas, ColumnDocument document) {
        StringBuilder text = new StringBuilder();
        List<int[]> sentenceBounds = new ArrayList<>();
        List<int[][]> tokenBounds = new ArrayList<>();
        for (ColumnSentence sentence : document.sentences()) {
            if (text.length() > 0) {
                text.append('\n');
            }
            int sentenceBegin = text.length();
            int[][] bounds = new int[sentence.tokens().size()][];
            for (int i = 0; i < bounds.length; i++) {
                if (i > 0) {
                    text.append(' ');
                }
                int begin = text.length();
                text.append(sentence.tokens().get(i).text());
                bounds[i] = new int[] {begin, text.length()};
            }
            sentenceBounds.add(new int[] {sentenceBegin, text.length()});
            tokenBounds.add(bounds);
        }
        jcas.setDocumentText(text.toString());
        jcas.setDocumentLanguage(language);

        DocumentMetaData meta = DocumentMetaData.create(jcas);
        Path file = baseDir.resolve(document.file());
        meta.setDocumentId(document.id());
        meta.setDocumentTitle(document.id());
        meta.setDocumentUri(file.toUri() + "#" + document.index());
        meta.setDocumentBaseUri(baseDir.toUri().toString());
        meta.setCollectionId(sourceLocation);

        long tokens = 0;
        for (int s = 0; s < document.sentences().size(); s++) {
            ColumnSentence sentence = document.sentences().get(s);
            int[] sb = sentenceBounds.get(s);
            new Sentence(jcas, sb[0], sb[1]).addToIndexes();
            int[][] bounds = tokenBounds.get(s);
            for (int i = 0; i < bounds.length; i++) {
                ColumnToken ct = sentence.tokens().get(i);
                Token token = new Token(jcas, bounds[i][0], bounds[i][1]);
                if (ct.pos() != null) {
                    POS pos = new POS(jcas, bounds[i][0], bounds[i][1]);
                    pos.setPosValue(ct.pos());
                    pos.addToIndexes();
                    token.setPos(pos);
                }
                token.addToIndexes();
            }
            tokens += bounds.length;
            for (Span span : sentence.entities()) {
                NamedEntity ne = new NamedEntity(jcas, bounds[span.start()][0], bounds[span.end() - 1][1]);
                ne.setValue(span.type());
                ne.addToIndexes();
                report.count("entities");
                report.count("entities." + span.type());
            }
        }
        report.count("documents");
        report.add("sentences", document.sentences().size());
        report.add("tokens", tokens);
    }

    @Override
    public Progress[] getProgress() {
        return new Progress[] {new ProgressImpl(nextFile, files.size(), Progress.ENTITIES)};
    }
}
