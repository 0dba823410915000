package io.github.bertner.io;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.tagging.Span;
import io.github.bertner.tagging.TagScheme;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.uima.UimaContext;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.OperationalProperties;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.dkpro.core.api.parameter.ComponentParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * uimaFIT consumer writing each CAS's tokens and named entities as CoNLL columns through
 * {@link ConllWriter}.
 *
 * <p>All CASes that came from the same source file go, in arrival order, into one output file named
 * after the part of the document id before its last {@code #} (the readers' ids are
 * {@code <file>#<n>}) plus {@link #PARAM_FILENAME_EXTENSION}; so {@code eng.testb} read by
 * {@link Conll2003Reader} is written back as one {@code eng.testb.conll}. A CAS without sentences is
 * written as one sentence. Named entities must start and end on token boundaries, lie inside one
 * sentence and not overlap; others are handled by {@link #PARAM_ALIGNMENT_POLICY}.
 */
// one instance only: the documents of a source file are appended to one output file
@OperationalProperties(multipleDeploymentAllowed = false)
@ResourceMetaData(name = "bertner CoNLL column writer")
@TypeCapability(inputs = {
        "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData",
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence",
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
        "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"})
public class ConllCasWriter extends JCasAnnotator_ImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(ConllCasWriter.class);

    /** Output folder; created when missing. Files already there with the same names are replaced. */
    public static final String PARAM_TARGET_LOCATION = ComponentParameters.PARAM_TARGET_LOCATION;
    @ConfigurationParameter(name = PARAM_TARGET_LOCATION)
    private String targetLocation;

    /** Encoding of the written files. */
    public static final String PARAM_TARGET_ENCODING = ComponentParameters.PARAM_TARGET_ENCODING;
    @ConfigurationParameter(name = PARAM_TARGET_ENCODING, defaultValue = ComponentParameters.DEFAULT_ENCODING)
    private String targetEncoding;

    /** Suffix appended to the source file name. */
    public static final String PARAM_FILENAME_EXTENSION = "filenameExtension";
    @ConfigurationParameter(name = PARAM_FILENAME_EXTENSION, defaultValue = ".conll")
    private String filenameExtension;

    /** {@link TagScheme} of the written tag column. */
    public static final String PARAM_TAG_SCHEME = "tagScheme";
    @ConfigurationParameter(name = PARAM_TAG_SCHEME, defaultValue = "IOB2")
    private String tagScheme;

    /** {@link ConllWriter.Style} of the columns. */
    public static final String PARAM_STYLE = "style";
    @ConfigurationParameter(name = PARAM_STYLE, defaultValue = "TWO_COLUMN")
    private ConllWriter.Style style;

    /**
     * {@link AlignmentPolicy} for entities that cannot be written as tags (off token boundaries,
     * across sentences, overlapping): {@code FAIL} stops, {@code SKIP_ANNOTATION} leaves the entity
     * out, {@code SKIP_DOCUMENT} leaves the CAS out; skips are logged and counted.
     */
    public static final String PARAM_ALIGNMENT_POLICY = "alignmentPolicy";
    @ConfigurationParameter(name = PARAM_ALIGNMENT_POLICY, defaultValue = "FAIL")
    private AlignmentPolicy alignmentPolicy;

    private ConllWriter writer;
    private Charset charset;
    private final Set<String> started = new HashSet<>();
    private final ReadReport report = new ReadReport();
    private String currentName;
    private Writer current;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        try {
            charset = Charset.forName(targetEncoding);
            writer = ConllWriter.builder().optScheme(TagScheme.parse(tagScheme)).optStyle(style).build();
            Files.createDirectories(Path.of(targetLocation));
        } catch (IllegalArgumentException | IOException e) {
            throw new ResourceInitializationException(e);
        }
    }

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        String documentId = documentId(jcas);
        List<ColumnSentence> sentences;
        try {
            sentences = extract(jcas, documentId);
        } catch (ReaderException e) {
            throw new AnalysisEngineProcessException(e);
        }
        if (sentences == null) {
            return;
        }
        int hash = documentId.lastIndexOf('#');
        String name = (hash > 0 ? documentId.substring(0, hash) : documentId) + filenameExtension;
        try {
            Writer out = open(name);
            writer.writeDocument(sentences, out);
        } catch (IOException | IllegalArgumentException e) {
            throw new AnalysisEngineProcessException(new ReaderException(documentId, -1, e.getMessage(), e));
        }
    }

    private Writer open(String name) throws IOException {
        if (name.equals(currentName)) {
            return current;
        }
        closeCurrent();
        Path file = Path.of(targetLocation).resolve(name);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        // a file seen before in this run is appended to, a new one replaces what a previous run left
        StandardOpenOption mode = started.add(name) ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND;
        current = new BufferedWriter(Files.newBufferedWriter(file, charset, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, mode));
        currentName = name;
        return current;
    }

    private void closeCurrent() throws IOException {
        if (current != null) {
            current.close();
            current = null;
            currentName = null;
        }
    }

    private static String documentId(JCas jcas) {
        if (JCasUtil.exists(jcas, DocumentMetaData.class)) {
            String id = DocumentMetaData.get(jcas).getDocumentId();
            if (id != null && !id.isBlank()) {
                return id;
            }
        }
        return "document";
    }

    /**
     * Reads sentences, tokens and entities from the CAS; {@code null} when the policy skips it.
     */
    private List<ColumnSentence> extract(JCas jcas, String documentId) {
        PolicyGate gate = new PolicyGate(documentId, alignmentPolicy, report);
        List<int[]> sentenceBounds = new ArrayList<>();
        for (Sentence s : JCasUtil.select(jcas, Sentence.class)) {
            sentenceBounds.add(new int[] {s.getBegin(), s.getEnd()});
        }
        if (sentenceBounds.isEmpty()) {
            sentenceBounds.add(new int[] {0, jcas.getDocumentText() == null ? 0 : jcas.getDocumentText().length()});
        }
        List<Token> allTokens = new ArrayList<>(JCasUtil.select(jcas, Token.class));
        List<NamedEntity> entities = new ArrayList<>(JCasUtil.select(jcas, NamedEntity.class));
        boolean[] placed = new boolean[entities.size()];
        List<ColumnSentence> out = new ArrayList<>();
        int t = 0;
        for (int[] sb : sentenceBounds) {
            List<ColumnToken> tokens = new ArrayList<>();
            Map<Integer, Integer> byBegin = new HashMap<>();
            Map<Integer, Integer> byEnd = new HashMap<>();
            while (t < allTokens.size() && allTokens.get(t).getBegin() < sb[1]) {
                Token token = allTokens.get(t++);
                if (token.getBegin() < sb[0]) {
                    LOG.warn("{}: token '{}' at {} lies outside every sentence and is not written", documentId,
                            token.getCoveredText(), token.getBegin());
                    report.count("tokens.outsideSentences");
                    continue;
                }
                byBegin.put(token.getBegin(), tokens.size());
                byEnd.put(token.getEnd(), tokens.size());
                String pos = token.getPos() == null ? null : token.getPos().getPosValue();
                tokens.add(new ColumnToken(token.getCoveredText(), pos, "O", -1));
            }
            if (tokens.isEmpty()) {
                continue;
            }
            List<Span> spans = new ArrayList<>();
            int lastEnd = 0;
            for (int e = 0; e < entities.size(); e++) {
                NamedEntity ne = entities.get(e);
                if (ne.getBegin() < sb[0] || ne.getEnd() > sb[1]) {
                    continue;
                }
                placed[e] = true;
                Integer start = byBegin.get(ne.getBegin());
                Integer last = byEnd.get(ne.getEnd());
                String found = "'" + ne.getCoveredText() + "' [" + ne.getBegin() + "," + ne.getEnd() + ") " + ne.getValue();
                if (start == null || last == null || last < start) {
                    gate.reject(-1, documentId, "entity-off-token-boundaries", "an entity starting and ending on "
                            + "token boundaries", found, "entity left out");
                } else if (start < lastEnd) {
                    gate.reject(-1, documentId, "overlapping-entity", "entities that do not overlap", found,
                            "entity left out");
                } else if (ne.getValue() == null || ne.getValue().isBlank()) {
                    gate.reject(-1, documentId, "entity-without-type", "a NamedEntity with a value", found,
                            "entity left out");
                } else {
                    spans.add(new Span(start, last + 1, ne.getValue()));
                    lastEnd = last + 1;
                    continue;
                }
                if (alignmentPolicy == AlignmentPolicy.SKIP_DOCUMENT) {
                    return null;
                }
            }
            out.add(new ColumnSentence(tokens, -1, List.of()).withEntities(spans));
        }
        for (int e = 0; e < placed.length; e++) {
            if (!placed[e]) {
                NamedEntity ne = entities.get(e);
                gate.reject(-1, documentId, "entity-across-sentences", "an entity inside one sentence",
                        "'" + ne.getCoveredText() + "' [" + ne.getBegin() + "," + ne.getEnd() + ")", "entity left out");
                if (alignmentPolicy == AlignmentPolicy.SKIP_DOCUMENT) {
                    return null;
                }
            }
        }
        return out;
    }

    @Override
    public void collectionProcessComplete() throws AnalysisEngineProcessException {
        try {
            closeCurrent();
        } catch (IOException e) {
            throw new AnalysisEngineProcessException(e);
        }
        if (!report.issues().isEmpty()) {
            LOG.warn("{} entities or documents were not written; counters: {}", report.issues().size(), report.counters());
        }
        super.collectionProcessComplete();
    }

    @Override
    public void destroy() {
        try {
            closeCurrent();
        } catch (IOException e) {
            LOG.warn("cannot close {}", currentName, e);
        }
        super.destroy();
    }
}
