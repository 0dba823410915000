package io.github.bertner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;

import io.github.bertner.eval.ConsoleReport;
import io.github.bertner.eval.EntityDecoding;
import io.github.bertner.eval.EvalSentence;
import io.github.bertner.eval.EvalSettings;
import io.github.bertner.eval.EvaluationResult;
import io.github.bertner.eval.Evaluator;
import io.github.bertner.eval.Metric;
import io.github.bertner.eval.ReportWriter;
import io.github.bertner.io.FlatteningPolicy;
import io.github.bertner.tagging.DecodeMode;
import io.github.bertner.tagging.TagScheme;

import org.apache.uima.UimaContext;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.cas.CAS;
import org.apache.uima.cas.CASException;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.OperationalProperties;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Compares the {@link NamedEntity}s of a gold view with those of the system view over the collection and
 * writes the evaluation reports at the end.
 *
 * <p>Entities become word-level tags over the {@link Token}s of each {@link Sentence} of the system view (the
 * gold view has the same text, so its entities are aligned to the same tokens). Entities that do not start and
 * end on token boundaries, that cross a sentence boundary, or that overlap an earlier entity of the same view
 * (nested) cannot be tagged: they are skipped, logged and counted.
 */
// one instance only: the scores are over the whole collection, in one report
@OperationalProperties(multipleDeploymentAllowed = false)
@ResourceMetaData(name = "NER evaluator")
@TypeCapability(inputs = {"de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence",
        "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"})
public class NerEvaluator extends JCasAnnotator_ImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(NerEvaluator.class);

    /** View holding the gold entities. */
    public static final String PARAM_GOLD_VIEW = "goldView";
    @ConfigurationParameter(name = PARAM_GOLD_VIEW, mandatory = true, defaultValue = "gold")
    private String goldView;

    /** View holding the system's entities, tokens and sentences. */
    public static final String PARAM_SYSTEM_VIEW = "systemView";
    @ConfigurationParameter(name = PARAM_SYSTEM_VIEW, mandatory = true, defaultValue = CAS.NAME_DEFAULT_SOFA)
    private String systemView;

    /** Folder for the reports (JSON, CSV, HTML with pictures, errors); no files are written when unset. */
    public static final String PARAM_REPORT_DIR = "reportDir";
    @ConfigurationParameter(name = PARAM_REPORT_DIR, mandatory = false)
    private File reportDir;

    /** Entity decoding: {@code lenient} (conlleval, default) or a tag scheme such as {@code IOB2} or
     *  {@code BIOES} for strict decoding. */
    public static final String PARAM_SCHEME = "scheme";
    @ConfigurationParameter(name = PARAM_SCHEME, mandatory = true, defaultValue = "lenient")
    private String scheme;

    /** Metric groups in the reports, comma-separated ({@code all}, or e.g. {@code strict,relaxed}). */
    public static final String PARAM_METRICS = "metrics";
    @ConfigurationParameter(name = PARAM_METRICS, mandatory = true, defaultValue = "all")
    private String metrics;

    /** Bootstrap samples for the confidence interval of strict F1; 0 = none. */
    public static final String PARAM_BOOTSTRAP_SAMPLES = "bootstrapSamples";
    @ConfigurationParameter(name = PARAM_BOOTSTRAP_SAMPLES, mandatory = true, defaultValue = "0")
    private int bootstrapSamples;

    /** Name of the evaluated system, recorded in the reports' provenance. */
    public static final String PARAM_SYSTEM_NAME = "systemName";
    @ConfigurationParameter(name = PARAM_SYSTEM_NAME, mandatory = true, defaultValue = "system")
    private String systemName;

    /**
     * Entity types to score, e.g. {@code PER, LOC, ORG}; the other types' entities are left out of gold and
     * system alike ({@link io.github.bertner.eval.TypeFilter}). Empty (default): every type.
     */
    public static final String PARAM_TYPES = "types";
    @ConfigurationParameter(name = PARAM_TYPES, mandatory = false, defaultValue = {})
    private String[] types;

    private EvalSettings settings;
    private TagScheme encoding;
    private List<EvalSentence> sentences;
    private int documents;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        try {
            EntityDecoding decoding = EntityDecoding.parse(scheme);
            encoding = decoding.mode() == DecodeMode.STRICT ? decoding.scheme() : TagScheme.IOB2;
            settings = EvalSettings.builder().setDecoding(decoding).optMetrics(Metric.parseList(metrics))
                    .optBootstrapSamples(bootstrapSamples).optTypes(Set.of(types))
                    .optGoldSource("view " + goldView)
                    .optSystem(systemName + " (view " + systemView + ")").build();
        } catch (IllegalArgumentException e) {
            throw new ResourceInitializationException(e);
        }
        sentences = new ArrayList<>();
        documents = 0;
    }

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        try {
            JCas system = jcas.getView(systemView);
            JCas gold = jcas.getView(goldView);
            String id = documentId(system, documents);
            sentences.addAll(toSentences(system, gold, encoding, id));
            documents++;
        } catch (CASException | IllegalArgumentException e) {
            throw new AnalysisEngineProcessException(e);
        }
    }

    @Override
    public void collectionProcessComplete() throws AnalysisEngineProcessException {
        EvaluationResult result = Evaluator.evaluate(sentences, settings);
        LOG.info("evaluated {} documents, {} sentences:\n{}", documents, sentences.size(),
                ConsoleReport.format(result));
        if (reportDir != null) {
            try {
                ReportWriter.writeAll(result, reportDir.toPath());
            } catch (IOException e) {
                throw new AnalysisEngineProcessException(e);
            }
        }
    }

    /**
     * Document id for sentence ids: DocumentMetaData's documentId, else its URI, else {@code doc<n>}.
     *
     * @param jcas the document
     * @param n running number
     * @return the id
     */
    public static String documentId(JCas jcas, int n) {
        DocumentMetaData meta = JCasUtil.exists(jcas, DocumentMetaData.class)
                ? JCasUtil.selectSingle(jcas, DocumentMetaData.class) : null;
        if (meta != null && meta.getDocumentId() != null) {
            return meta.getDocumentId();
        }
        if (meta != null && meta.getDocumentUri() != null) {
            return meta.getDocumentUri();
        }
        return "doc" + n;
    }

    /**
     * Converts one document into word-level sentences: tokens and sentences from {@code system}, predicted tags
     * from its entities, gold tags from the entities of {@code gold} (same text).
     *
     * @param system view with tokens, sentences and predicted entities
     * @param gold view with the gold entities
     * @param scheme scheme the entities are encoded in (IOB2, or the strict scheme being evaluated)
     * @param documentId id prefix of the sentences ({@code <id>#<sentence number>})
     * @return one sentence per {@link Sentence}
     * @throws IllegalArgumentException when the two views have different texts
     */
    public static List<EvalSentence> toSentences(JCas system, JCas gold, TagScheme scheme, String documentId) {
        if (!String.valueOf(system.getDocumentText()).equals(String.valueOf(gold.getDocumentText()))) {
            throw new IllegalArgumentException("document " + documentId
                    + ": gold and system texts differ; expected the same text in both views");
        }
        List<EvalSentence> out = new ArrayList<>();
        int k = 0;
        int covered = 0;
        int goldCovered = 0;
        for (Sentence s : JCasUtil.select(system, Sentence.class)) {
            List<Token> tokens = JCasUtil.selectCovered(Token.class, s);
            List<String> words = new ArrayList<>(tokens.size());
            for (Token t : tokens) {
                words.add(t.getCoveredText());
            }
            String id = documentId + "#" + k++;
            Collection<NamedEntity> predicted = JCasUtil.selectCovered(NamedEntity.class, s);
            Collection<NamedEntity> goldEntities = JCasUtil.selectCovered(gold, NamedEntity.class, s.getBegin(),
                    s.getEnd());
            covered += predicted.size();
            goldCovered += goldEntities.size();
            List<String> predTags = tags(predicted, tokens, scheme, id, "system");
            List<String> goldTags = tags(goldEntities, tokens, scheme, id, "gold");
            out.add(new EvalSentence(id, words, goldTags, predTags));
        }
        warnOutside(system, covered, documentId, "system");
        warnOutside(gold, goldCovered, documentId, "gold");
        return out;
    }

    private static void warnOutside(JCas view, int covered, String documentId, String side) {
        int all = JCasUtil.select(view, NamedEntity.class).size();
        if (all != covered) {
            LOG.warn("document {}: {} {} entities lie outside or across sentences and are not evaluated",
                    documentId, all - covered, side);
        }
    }

    private static List<String> tags(Collection<NamedEntity> entities, List<Token> tokens, TagScheme scheme,
                                     String id, String side) {
        EntityTags.Result r = EntityTags.tag(tokens, entities, FlatteningPolicy.OUTERMOST, scheme, "ENTITY");
        if (r.flattened() > 0) {
            LOG.warn("sentence {}: {} {} entities overlap a longer one (nested); skipped", id, r.flattened(), side);
        }
        for (NamedEntity m : r.misaligned()) {
            LOG.warn("sentence {}: {} entity '{}' [{}, {}) does not start and end on token boundaries; skipped", id,
                    side, m.getCoveredText(), m.getBegin(), m.getEnd());
        }
        return r.tags();
    }
}
