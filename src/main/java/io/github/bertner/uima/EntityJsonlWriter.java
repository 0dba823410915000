package io.github.bertner.uima;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import io.github.bertner.type.ScoredNamedEntity;
import java.io.BufferedWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one JSON object per document and line:
 * {@code {"document": id, "entities": [{"begin", "end", "text", "type", "confidence"}]}}, with
 * character offsets into the document text (end exclusive) of every {@link ScoredNamedEntity}.
 */
// one instance only: all documents go into one JSON-lines file
@OperationalProperties(multipleDeploymentAllowed = false)
@ResourceMetaData(name = "bertner entity JSON-lines writer")
@TypeCapability(inputs = {
        "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData",
        "io.github.bertner.type.ScoredNamedEntity"})
public class EntityJsonlWriter extends JCasAnnotator_ImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(EntityJsonlWriter.class);

    /** File to write (created or overwritten; parent folders are created). */
    public static final String PARAM_TARGET_LOCATION = "targetLocation";
    @ConfigurationParameter(name = PARAM_TARGET_LOCATION)
    private String targetLocation;

    /** One output line. */
    record DocumentEntities(String document, List<EntityJson> entities) {
    }

    /** One entity of an output line. */
    record EntityJson(int begin, int end, String text, String type, double confidence) {
    }

    private final Gson gson = new GsonBuilder().disableHtmlEscaping().create();
    private BufferedWriter out;
    private long documents;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        out = TargetFile.open(targetLocation);
    }

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        documents++;
        String id = JCasUtil.exists(jcas, DocumentMetaData.class)
                ? DocumentMetaData.get(jcas).getDocumentId() : null;
        if (id == null) {
            // documents without metadata still need a stable name: their position in the collection
            id = Long.toString(documents);
        }
        List<EntityJson> entities = new ArrayList<>();
        for (ScoredNamedEntity ne : JCasUtil.select(jcas, ScoredNamedEntity.class)) {
            entities.add(new EntityJson(ne.getBegin(), ne.getEnd(), ne.getCoveredText(), ne.getValue(),
                    ne.getConfidence()));
        }
        try {
            out.write(gson.toJson(new DocumentEntities(id, entities)));
            out.write('\n');
        } catch (IOException e) {
            throw new AnalysisEngineProcessException(e);
        }
    }

    @Override
    public void collectionProcessComplete() throws AnalysisEngineProcessException {
        super.collectionProcessComplete();
        try {
            closeOutput();
        } catch (IOException e) {
            throw new AnalysisEngineProcessException(e);
        }
    }

    @Override
    public void destroy() {
        try {
            closeOutput();
        } catch (IOException e) {
            LOG.warn("{}: closing failed", targetLocation, e);
        }
        super.destroy();
    }

    private void closeOutput() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
