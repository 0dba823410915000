package io.github.bertner.io;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.tagging.LabelMapping;
import org.apache.uima.UimaContext;
import org.apache.uima.collection.CollectionException;
import org.apache.uima.fit.component.JCasCollectionReader_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.util.Progress;
import org.apache.uima.util.ProgressImpl;
import org.dkpro.core.api.parameter.ComponentParameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Common base of the readers for offset-annotated corpora (factRuEval, BSNLP, brat): file selection,
 * look-ahead so that skipped documents never produce a CAS, and copying a {@link CorpusDocument} into the
 * CAS as {@link Token}, {@link Sentence}, {@link NamedEntity} (value = entity type, identifier = source
 * id) and {@link DocumentMetaData}.
 */
public abstract class OffsetCorpusReader extends JCasCollectionReader_ImplBase implements ReportingReader {

    /** A corpus folder, or a single file of one document. */
    public static final String PARAM_SOURCE_LOCATION = ComponentParameters.PARAM_SOURCE_LOCATION;
    @ConfigurationParameter(name = PARAM_SOURCE_LOCATION)
    private String sourceLocation;

    /**
     * Include ({@code [+]glob}) and exclude ({@code [-]glob}) patterns relative to the source folder; each
     * reader documents its default. {@code {lang}} is replaced by the language.
     */
    public static final String PARAM_PATTERNS = ComponentParameters.PARAM_PATTERNS;
    @ConfigurationParameter(name = PARAM_PATTERNS, mandatory = false)
    private String[] patterns;

    /** Document language set on the CAS (and, for BSNLP, the language folder read). */
    public static final String PARAM_LANGUAGE = ComponentParameters.PARAM_LANGUAGE;
    @ConfigurationParameter(name = PARAM_LANGUAGE, mandatory = false, defaultValue = "ru")
    private String language;

    /** What to do with annotations whose offsets do not reproduce their text or miss token boundaries. */
    public static final String PARAM_ALIGNMENT_POLICY = "alignmentPolicy";
    @ConfigurationParameter(name = PARAM_ALIGNMENT_POLICY, mandatory = false, defaultValue = "FAIL")
    private AlignmentPolicy alignmentPolicy;

    /**
     * Label mapping from corpus types to entity types: a built-in name ({@code factrueval-ru},
     * {@code bsnlp-ru}, {@code identity}, ...) or a mapping file; each reader documents its default.
     */
    public static final String PARAM_LABEL_MAPPING = "labelMapping";
    @ConfigurationParameter(name = PARAM_LABEL_MAPPING, mandatory = false)
    private String labelMapping;

    /**
     * Which mapped mentions to keep: {@code ALL} (default) or {@code CAPITALIZED}, names only, leaving out
     * mentions whose first letter is lower case (NEREL's "российских" COUNTRY, "правительство" ORGANIZATION);
     * see {@link MentionFilter}. Left-out mentions are counted as {@code entities.lowercase_dropped.<type>}.
     */
    public static final String PARAM_MENTION_FILTER = "mentionFilter";
    @ConfigurationParameter(name = PARAM_MENTION_FILTER, mandatory = false, defaultValue = "ALL")
    private MentionFilter mentionFilter;

    private final ReadReport report = new ReadReport();
    private List<Path> documents;
    private Iterator<Path> pending;
    private CorpusDocument next;
    private int done;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        try {
            LabelMapping mapping = LabelMapping.resource(labelMapping != null ? labelMapping : defaultLabelMapping());
            createParser(alignmentPolicy, mapping, report);
            List<String> globs = patterns != null && patterns.length > 0 ? Arrays.asList(patterns)
                    : defaultPatterns();
            List<String> resolved = globs.stream().map(g -> g.replace("{lang}", language)).toList();
            documents = CorpusFiles.select(Path.of(sourceLocation), resolved).stream()
                    .map(this::documentKey).distinct().sorted().toList();
            if (documents.isEmpty()) {
                throw new ReaderException(sourceLocation, -1, "expected at least one document (files matching "
                        + String.join(", ", resolved) + "), found none");
            }
        } catch (RuntimeException e) {
            throw new ResourceInitializationException(e);
        }
        pending = documents.iterator();
    }

    /**
     * Creates the plain-Java parser; called once from {@link #initialize}.
     *
     * @param policy  the alignment policy
     * @param mapping the label mapping
     * @param readReport the report the parser must fill
     */
    protected abstract void createParser(AlignmentPolicy policy, LabelMapping mapping, ReadReport readReport);

    /**
     * Parses one document through the parser made by {@link #createParser}.
     *
     * @param key a document key from {@link #documentKey}
     * @return the document, or empty when skipped
     */
    protected abstract Optional<CorpusDocument> parse(Path key);

    /**
     * Maps a selected file to the key of its document, so that several files of one document yield it
     * once.
     *
     * @param file a selected file
     * @return the document key passed to {@link #parse}
     */
    protected abstract Path documentKey(Path file);

    /**
     * Patterns used when {@link #PARAM_PATTERNS} is not set.
     *
     * @return include/exclude globs, may contain {@code {lang}}
     */
    protected abstract List<String> defaultPatterns();

    /**
     * Mapping used when {@link #PARAM_LABEL_MAPPING} is not set.
     *
     * @return a built-in mapping name
     */
    protected abstract String defaultLabelMapping();

    @Override
    public boolean hasNext() throws CollectionException {
        while (next == null && pending.hasNext()) {
            Path key = pending.next();
            done++;
            try {
                next = parse(key).map(this::filterMentions).orElse(null);
            } catch (RuntimeException e) {
                throw new CollectionException(e);
            }
        }
        return next != null;
    }

    private CorpusDocument filterMentions(CorpusDocument doc) {
        if (mentionFilter == MentionFilter.ALL) {
            return doc;
        }
        List<Mention> kept = new ArrayList<>(doc.mentions().size());
        for (Mention m : doc.mentions()) {
            if (mentionFilter.keeps(doc.text().substring(m.begin(), m.end()))) {
                kept.add(m);
            } else {
                report.count("entities.lowercase_dropped." + m.type());
            }
        }
        return kept.size() == doc.mentions().size() ? doc : new CorpusDocument(doc.id(), doc.file(), doc.title(),
                doc.text(), doc.tokens(), doc.sentences(), kept);
    }

    @Override
    public void getNext(JCas jcas) throws CollectionException {
        if (!hasNext()) {
            throw new CollectionException(new IllegalStateException("no more documents"));
        }
        CorpusDocument doc = next;
        next = null;
        jcas.setDocumentText(doc.text());
        jcas.setDocumentLanguage(language);
        DocumentMetaData meta = DocumentMetaData.create(jcas);
        meta.setDocumentId(doc.id());
        meta.setDocumentTitle(doc.title());
        Path file = Path.of(doc.file()).toAbsolutePath();
        meta.setDocumentUri(file.toUri().toString());
        Path base = Path.of(sourceLocation).toAbsolutePath();
        meta.setDocumentBaseUri((base.toFile().isDirectory() ? base : base.getParent()).toUri().toString());
        meta.setCollectionId(base.toString());
        for (TextRange t : doc.tokens()) {
            new Token(jcas, t.begin(), t.end()).addToIndexes();
        }
        for (TextRange s : doc.sentences()) {
            new Sentence(jcas, s.begin(), s.end()).addToIndexes();
        }
        for (Mention m : doc.mentions()) {
            NamedEntity ne = new NamedEntity(jcas, m.begin(), m.end());
            ne.setValue(m.type());
            ne.setIdentifier(m.id());
            ne.addToIndexes();
        }
    }

    @Override
    public Progress[] getProgress() {
        return new Progress[] {new ProgressImpl(done, documents.size(), "document")};
    }

    @Override
    public ReadReport report() {
        return report;
    }
}
