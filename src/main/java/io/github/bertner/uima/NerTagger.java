package io.github.bertner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.inference.DefaultModels;
import io.github.bertner.inference.EntityPrediction;
import io.github.bertner.inference.NerPredictor;
import io.github.bertner.inference.SentencePrediction;
import io.github.bertner.runtime.InferenceRuntime;
import io.github.bertner.tagging.Decoding;
import io.github.bertner.type.ScoredNamedEntity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.uima.UimaContext;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.fit.util.JCasUtil;
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
 * are not tagged and are counted and logged. The model is loaded once in {@link #initialize} and
 * released in {@link #destroy}; inference runs with autograd off and one native memory scope per
 * batch (inside the model facade), so memory stays flat over long collections.
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
     * Engine of the forward pass: {@code PYTORCH}, {@code ONNX} (ONNX Runtime fp32, CPU) or
     * {@code ONNX_INT8} (ONNX Runtime with int8 encoder projections, CPU).
     */
    public static final String PARAM_RUNTIME = "runtime";
    @ConfigurationParameter(name = PARAM_RUNTIME, defaultValue = "PYTORCH")
    private InferenceRuntime runtime;

    private NerPredictor predictor;
    private long documents;
    private long sentences;
    private long emptySentences;
    private long tokens;
    private long tokensOutsideSentences;
    private long entities;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        if (modelLocation == null) {
            try {
                modelLocation = DefaultModels.locate(language).toString();
            } catch (IllegalArgumentException e) {
                throw new ResourceInitializationException(new IllegalArgumentException(PARAM_MODEL_LOCATION
                        + " is not set and " + e.getMessage() + "; set " + PARAM_MODEL_LOCATION + " to a model folder",
                        e));
            }
            LOG.info("{} not set: using the default model of language '{}' at {}", PARAM_MODEL_LOCATION, language,
                    modelLocation);
        }
        try {
            NerPredictor.Builder builder = NerPredictor.builder(Path.of(modelLocation))
                    .optDevice(device)
                    .optBatchSize(batchSize)
                    .optDecoding(decoding)
                    .optRuntime(runtime);
            if (maxLength > 0) {
                builder.optMaxLength(maxLength);
            }
            if (stride >= 0) {
                builder.optStride(stride);
            }
            predictor = builder.build();
        } catch (Exception e) {
            throw new ResourceInitializationException(new IllegalStateException(
                    "cannot load model from " + modelLocation + ": " + e.getMessage(), e));
        }
    }

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        documents++;
        List<List<Token>> sentenceTokens = new ArrayList<>();
        List<List<String>> sentenceWords = new ArrayList<>();
        for (Sentence sentence : JCasUtil.select(jcas, Sentence.class)) {
            List<Token> covered = JCasUtil.selectCovered(Token.class, sentence);
            if (covered.isEmpty()) {
                emptySentences++;
                LOG.debug("skipping sentence [{}, {}) without tokens", sentence.getBegin(), sentence.getEnd());
                continue;
            }
            List<String> words = new ArrayList<>(covered.size());
            for (Token token : covered) {
                words.add(token.getText());
            }
            sentenceTokens.add(covered);
            sentenceWords.add(words);
            tokens += covered.size();
        }
        sentences += sentenceWords.size();
        long outside = JCasUtil.select(jcas, Token.class).size() - sentenceTokens.stream().mapToLong(List::size).sum();
        if (outside > 0) {
            // tokens are only tagged inside sentences; say so instead of losing them silently
            tokensOutsideSentences += outside;
            LOG.warn("{} tokens outside any sentence were not tagged", outside);
        }
        List<SentencePrediction> predictions;
        try {
            predictions = predictor.predictAll(sentenceWords);
        } catch (RuntimeException e) {
            throw new AnalysisEngineProcessException(e);
        }
        for (int s = 0; s < predictions.size(); s++) {
            List<Token> covered = sentenceTokens.get(s);
            for (EntityPrediction entity : predictions.get(s).entities()) {
                ScoredNamedEntity ne = new ScoredNamedEntity(jcas, covered.get(entity.start()).getBegin(),
                        covered.get(entity.end() - 1).getEnd());
                ne.setValue(entity.type());
                ne.setConfidence(entity.confidence());
                ne.setSource(modelLocation);
                ne.addToIndexes();
                entities++;
            }
        }
    }

    @Override
    public void collectionProcessComplete() throws AnalysisEngineProcessException {
        super.collectionProcessComplete();
        LOG.info("tagged {} documents, {} sentences, {} tokens: {} entities; {} sentences without tokens skipped, "
                + "{} tokens outside sentences not tagged", documents, sentences, tokens, entities, emptySentences,
                tokensOutsideSentences);
    }

    @Override
    public void destroy() {
        if (predictor != null) {
            predictor.close();
            predictor = null;
        }
        super.destroy();
    }
}
