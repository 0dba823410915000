package io.github.bertner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;

import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.cas.CAS;
import org.apache.uima.cas.CASException;
import org.apache.uima.cas.Feature;
import org.apache.uima.cas.Type;
import org.apache.uima.cas.text.AnnotationFS;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.jcas.tcas.Annotation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Copies the document text, {@link Token}s, {@link Sentence}s and {@link NamedEntity}s (with their subtypes
 * and primitive features) into a gold view, and by default removes the named entities from the source view,
 * so that a reader, this copier, a tagger and {@link NerEvaluator} form an evaluation pipeline.
 */
@ResourceMetaData(name = "Gold view copier")
@TypeCapability(
        inputs = {"de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
                "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence",
                "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"},
        outputs = {"de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
                "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence",
                "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"})
public class GoldViewCopier extends JCasAnnotator_ImplBase {

    /** Name of the view that receives the copy; it must not exist yet. */
    public static final String PARAM_GOLD_VIEW = "goldView";
    @ConfigurationParameter(name = PARAM_GOLD_VIEW, mandatory = true, defaultValue = "gold")
    private String goldView;

    /** Whether to remove the named entities from the source view after copying them. */
    public static final String PARAM_REMOVE_FROM_SOURCE = "removeFromSource";
    @ConfigurationParameter(name = PARAM_REMOVE_FROM_SOURCE, mandatory = true, defaultValue = "true")
    private boolean removeFromSource;

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        JCas gold;
        try {
            Iterator<JCas> views = jcas.getViewIterator();
            while (views.hasNext()) {
                if (views.next().getViewName().equals(goldView)) {
                    throw new AnalysisEngineProcessException(new IllegalStateException("view '" + goldView
                            + "' already exists; expected to create it"));
                }
            }
            gold = jcas.createView(goldView);
        } catch (CASException e) {
            throw new AnalysisEngineProcessException(e);
        }
        gold.setDocumentText(jcas.getDocumentText());
        gold.setDocumentLanguage(jcas.getDocumentLanguage());
        copyAll(jcas, gold, Sentence.class);
        copyAll(jcas, gold, Token.class);
        List<NamedEntity> entities = new ArrayList<>(JCasUtil.select(jcas, NamedEntity.class));
        copyAll(jcas, gold, NamedEntity.class);
        if (removeFromSource) {
            entities.forEach(NamedEntity::removeFromIndexes);
        }
    }

    private static <T extends Annotation> void copyAll(JCas from, JCas to, Class<T> type) {
        CAS target = to.getCas();
        for (T a : JCasUtil.select(from, type)) {
            Type t = a.getType();
            AnnotationFS copy = target.createAnnotation(t, a.getBegin(), a.getEnd());
            for (Feature f : t.getFeatures()) {
                if (f.getRange().isPrimitive() && !f.getShortName().equals("begin")
                        && !f.getShortName().equals("end") && !f.getShortName().equals("sofa")) {
                    copy.setFeatureValueFromString(f, a.getFeatureValueAsString(f));
                }
            }
            target.addFsToIndexes(copy);
        }
    }
}
