package io.github.bertner.spark;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngine;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.io.Segmentation;
import io.github.bertner.io.TextRange;
import io.github.bertner.io.TextSegmenter;
import io.github.bertner.type.ScoredNamedEntity;
import io.github.bertner.uima.NerTagger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;

/**
 * Single-process tagging without Spark and without {@link DocumentTagger}: bertner-uima's own
 * {@link NerTagger} engine, one document after the other, on CASes whose tokens and sentences come
 * from {@link TextSegmenter}.
 */
final class ReferenceTagging {

    /** What the reference found. */
    record Result(List<Entity> entities, long tokens, long sentences, SortedMap<String, Long> perType) {
    }

    private ReferenceTagging() {
    }

    static Result tag(Path model, List<TestDocuments.Doc> docs) throws Exception {
        AnalysisEngine tagger = createEngine(NerTagger.class, NerTagger.PARAM_MODEL_LOCATION, model.toString(),
                NerTagger.PARAM_DEVICE, "cpu");
        List<Entity> entities = new ArrayList<>();
        SortedMap<String, Long> perType = new TreeMap<>();
        long tokens = 0;
        long sentences = 0;
        try {
            JCas jcas = tagger.newJCas();
            for (TestDocuments.Doc doc : docs) {
                jcas.reset();
                jcas.setDocumentText(doc.text());
                Segmentation segmentation = TextSegmenter.segment(doc.text());
                for (TextRange r : segmentation.sentences()) {
                    new Sentence(jcas, r.begin(), r.end()).addToIndexes();
                }
                for (TextRange r : segmentation.tokens()) {
                    new Token(jcas, r.begin(), r.end()).addToIndexes();
                }
                tokens += segmentation.tokens().size();
                sentences += segmentation.sentences().size();
                tagger.process(jcas);
                for (ScoredNamedEntity ne : JCasUtil.select(jcas, ScoredNamedEntity.class)) {
                    entities.add(new Entity(doc.id(), ne.getBegin(), ne.getEnd(), ne.getValue(), ne.getCoveredText(),
                            ne.getConfidence()));
                    perType.merge(ne.getValue(), 1L, Long::sum);
                }
            }
            tagger.collectionProcessComplete();
        } finally {
            tagger.destroy();
        }
        entities.sort(Entity.ORDER);
        return new Result(entities, tokens, sentences, perType);
    }
}
