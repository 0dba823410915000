package io.github.bertner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.inference.Batching;
import io.github.bertner.inference.DefaultModels;
import io.github.bertner.inference.NerPredictor;
import io.github.bertner.inference.SharedPredictors;
import io.github.bertner.runtime.InferenceRuntime;
import io.github.bertner.tagging.Decoding;
import io.github.bertner.type.ScoredNamedEntity;
import java.nio.file.Path;
import java.util.List;
import org.apache.uima.UimaContext;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ExternalResource;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.dkpro.core.api.parameter.ComponentParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tags named entities with a fine-tuned BERT token classifier and adds them as
 * {@link ScoredNamedEntity} (value = type, confidence = mean probability of the entity's word
 * tags, source = model location). Without {@link #PARAM_MODEL_LOCATION} the shipped default model of
 * {@link #PARAM_LANGUAGE} (English unless set) is used.
 *
 * <p>Works on the existing {@link Token}s of each {@link Sentence}; the word-piece alignment,
 * label set and tag scheme come from the model folder. A sentence longer than the model's
 * maximum length is split into overlapping windows (every word is predicted exactly once),
 * never truncated. Sentences without tokens are skipped and counted; tokens outside every sentence
 * are not tagged and are counted and logged. Inference runs with autograd off and one native memory
 * scope per batch (inside the model facade), so memory stays flat over long collections.
 *
 * <p>The model is shared: every tagger of the JVM with the same model folder (compared canonically), device,
 * runtime and window/batch settings uses one {@link NerPredictor} from {@link SharedPredictors}, loaded by the
 * first tagger's {@link #initialize} and closed by the last one's {@link #destroy}; so a pipeline run with
 * several threads (one tagger instance each) holds the model once. The model can also be given as a
 * {@link NerModelResource} bound to {@link #RES_MODEL}.
 *
 * <p>A UIMA annotator sees one CAS at a time, so one tagger's model calls hold one document's windows: with a
 * collection of very short documents (a post or a tweet per CAS) the calls run nearly empty. Two ways to fill
 * them: several pipeline threads with {@link #PARAM_SHARE_BATCHES}, or, where the caller holds several CASes,
 * {@link NerTagging#process} on a batch of them (the per-CAS work of this tagger, which the {@code tag} command
 * uses with {@code --batch-documents}).
 */
@ResourceMetaData(name = "bertner NER tagger")
@TypeCapability(
        inputs = {
                "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
                "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence"},
        outputs = {
                "io.github.bertner.type.ScoredNamedEntity",
                "io.github.bertner.type.ScoredNamedEntity:value",
                "io.github.bertner.type.ScoredNamedEntity:confidence",
                "io.github.bertner.type.ScoredNamedEntity:source"})
public class NerTagger extends JCasAnnotator_ImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(NerTagger.class);

    /**
     * Folder of a fine-tuned model (config.json, model.safetensors, vocab.txt, tokenizer_config.json); when not
     * given, the default model of {@link #PARAM_LANGUAGE} ({@link DefaultModels#locate}).
     */
    public static final String PARAM_MODEL_LOCATION = ComponentParameters.PARAM_MODEL_LOCATION;
    @ConfigurationParameter(name = PARAM_MODEL_LOCATION, mandatory = false)
    private String modelLocation;

    /**
     * Language whose default model ({@code models/<lang>}, found by {@link DefaultModels#locate}) is used when
     * {@link #PARAM_MODEL_LOCATION} is not given; ignored when it is.
     */
    public static final String PARAM_LANGUAGE = ComponentParameters.PARAM_LANGUAGE;
    @ConfigurationParameter(name = PARAM_LANGUAGE, defaultValue = "en")
    private String language;

    /** Number of word-piece windows run through the model at once. */
    public static final String PARAM_BATCH_SIZE = "batchSize";
    @ConfigurationParameter(name = PARAM_BATCH_SIZE, defaultValue = "32")
    private int batchSize;

    /** Word pieces per window including [CLS] and [SEP]; 0 takes the model's setting. */
    public static final String PARAM_MAX_LENGTH = "maxLength";
    @ConfigurationParameter(name = PARAM_MAX_LENGTH, defaultValue = "0")
    private int maxLength;

    /** Word pieces shared by consecutive windows of a long sentence; -1 takes the model's setting. */
    public static final String PARAM_STRIDE = "stride";
    @ConfigurationParameter(name = PARAM_STRIDE, defaultValue = "-1")
    private int stride;

    /** Compute device: {@code auto} (GPU if present), {@code cpu} or {@code gpu:N}. */
    public static final String PARAM_DEVICE = "device";
    @ConfigurationParameter(name = PARAM_DEVICE, defaultValue = "auto")
    private String device;

    /** How label scores become tags: {@code VITERBI} (scheme-valid sequences) or {@code ARGMAX}. */
    public static final String PARAM_DECODING = "decoding";
    @ConfigurationParameter(name = PARAM_DECODING, defaultValue = "VITERBI")
    private Decoding decoding;

    /**
     * Whether this document's windows may share model calls with the documents that other tagger instances of
     * the same shared model (other pipeline threads) tag at the same time. {@code false} (default): the entities
     * and confidences are the same bit for bit however many threads run. {@code true}: fuller model calls with many
     * small documents, but the scores then depend on the batch-mates up to floating-point rounding, so
     * confidences can differ in the last digits from a one-thread run (and, rarely, a near-tie tag flips).
     */
    public static final String PARAM_SHARE_BATCHES = "shareBatches";
    @ConfigurationParameter(name = PARAM_SHARE_BATCHES, defaultValue = "false")
    private boolean shareBatches;

    /**
     * Engine of the forward pass: {@code PYTORCH}, {@code ONNX} (ONNX Runtime fp32, CPU) or
     * {@code ONNX_INT8} (ONNX Runtime with int8 encoder projections, CPU).
     */
    public static final String PARAM_RUNTIME = "runtime";
    @ConfigurationParameter(name = PARAM_RUNTIME, defaultValue = "PYTORCH")
    private InferenceRuntime runtime;

    /**
     * Key of the optional {@link NerModelResource}: when bound, the model and its prediction settings (device,
     * runtime, batch size, window, stride) come from the resource and this tagger's own model parameters other
     * than {@link #PARAM_DECODING} are not used; {@link #PARAM_MODEL_LOCATION} must then be left unset.
     */
    public static final String RES_MODEL = "model";
    @ExternalResource(key = RES_MODEL, mandatory = false)
    private NerModelResource modelResource;

    private SharedPredictors.Lease lease;
    private NerTagging tagging;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        SharedPredictors.Spec spec;
        if (modelResource != null) {
            if (modelLocation != null) {
                throw new ResourceInitializationException(new IllegalArgumentException("expected the model either "
                        + "in " + PARAM_MODEL_LOCATION + " or in the resource bound to " + RES_MODEL + ", found both: "
                        + modelLocation + " and " + modelResource.modelLocation()));
            }
            modelLocation = modelResource.modelLocation();
            spec = modelResource.spec();
        } else {
            if (modelLocation == null) {
                modelLocation = NerModelResource.resolve(null, language);
                LOG.info("{} not set: using the default model of language '{}' at {}", PARAM_MODEL_LOCATION, language,
                        modelLocation);
            }
            spec = new SharedPredictors.Spec(Path.of(modelLocation), device, runtime, batchSize, maxLength, stride);
        }
        try {
            lease = SharedPredictors.acquire(spec);
        } catch (Exception e) {
            throw new ResourceInitializationException(new IllegalStateException(
                    "cannot load model from " + modelLocation + ": " + e.getMessage(), e));
        }
        tagging = new NerTagging(lease.predictor(), decoding, shareBatches ? Batching.SHARED : Batching.OWN,
                modelLocation);
    }

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        try {
            tagging.process(List.of(jcas));
        } catch (RuntimeException e) {
            throw new AnalysisEngineProcessException(e);
        }
    }

    @Override
    public void collectionProcessComplete() throws AnalysisEngineProcessException {
        super.collectionProcessComplete();
        tagging.logCounts();
    }

    @Override
    public void destroy() {
        if (lease != null) {
            // the shared model closes when its last user gives its lease back
            lease.close();
            lease = null;
            tagging = null;
        }
        super.destroy();
    }
}
