package io.github.bertner.uima;

import io.github.bertner.io.FlatteningPolicy;
import io.github.bertner.tagging.TagScheme;
import io.github.bertner.tokenization.LabelAlignment;
import io.github.bertner.training.LabeledSentence;
import io.github.bertner.training.TokenClassifierTrainer;
import io.github.bertner.training.TrainerState;
import io.github.bertner.training.TrainingConfig;
import org.apache.uima.UimaContext;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.OperationalProperties;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Trainer consumer in DKPro style: collects the gold Token / Sentence / NamedEntity annotations of
 * every CAS in {@code process()} and fine-tunes (or trains from scratch) a BERT NER model when the
 * collection is complete. The model folder it writes is what the tagger engine's
 * {@code PARAM_MODEL_LOCATION} expects. Entities that do not align with tokens are skipped and
 * counted (see {@link CasSentences}).
 */
// one instance only: it trains one model on all documents it is given
@OperationalProperties(multipleDeploymentAllowed = false)
@ResourceMetaData(name = "BERT NER trainer")
@TypeCapability(inputs = {"de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
    "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence",
    "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"})
public class NerTrainer extends JCasAnnotator_ImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(NerTrainer.class);

    /** Folder the trained model (Hugging Face format) is written to. */
    public static final String PARAM_TARGET_LOCATION = "targetLocation";
    @ConfigurationParameter(name = PARAM_TARGET_LOCATION)
    private String targetLocation;

    /** Pretrained Hugging Face BERT folder to fine-tune; empty trains from scratch with {@link #PARAM_PRESET}. */
    public static final String PARAM_BASE_MODEL = "baseModel";
    @ConfigurationParameter(name = PARAM_BASE_MODEL, mandatory = false)
    private String baseModel;

    /** Size preset when training from scratch: tiny, mini, small or base. */
    public static final String PARAM_PRESET = "preset";
    @ConfigurationParameter(name = PARAM_PRESET, defaultValue = "mini")
    private String preset;

    /** Vocabulary size learnt from the training text when training from scratch. */
    public static final String PARAM_VOCAB_SIZE = "vocabSize";
    @ConfigurationParameter(name = PARAM_VOCAB_SIZE, defaultValue = "8000")
    private int vocabSize;

    /** Number of epochs. */
    public static final String PARAM_EPOCHS = "epochs";
    @ConfigurationParameter(name = PARAM_EPOCHS, defaultValue = "3")
    private int epochs;

    /** Cap on optimizer updates, 0 for none. */
    public static final String PARAM_MAX_STEPS = "maxSteps";
    @ConfigurationParameter(name = PARAM_MAX_STEPS, defaultValue = "0")
    private long maxSteps;

    /** Peak learning rate. */
    public static final String PARAM_LEARNING_RATE = "learningRate";
    @ConfigurationParameter(name = PARAM_LEARNING_RATE, defaultValue = "5e-5")
    private float learningRate;

    /** Windows per batch. */
    public static final String PARAM_BATCH_SIZE = "batchSize";
    @ConfigurationParameter(name = PARAM_BATCH_SIZE, defaultValue = "32")
    private int batchSize;

    /** Window length in word pieces. */
    public static final String PARAM_MAX_LENGTH = "maxLength";
    @ConfigurationParameter(name = PARAM_MAX_LENGTH, defaultValue = "128")
    private int maxLength;

    /** Seed of every random draw. */
    public static final String PARAM_SEED = "seed";
    @ConfigurationParameter(name = PARAM_SEED, defaultValue = "42")
    private long seed;

    /** Tag scheme the model predicts ({@link TagScheme} name, e.g. IOB2 or BIOES). */
    public static final String PARAM_TAG_SCHEME = "tagScheme";
    @ConfigurationParameter(name = PARAM_TAG_SCHEME, defaultValue = "IOB2")
    private String tagScheme;

    /** How word tags map onto word pieces: FIRST, ALL or X. */
    public static final String PARAM_LABEL_ALIGNMENT = "labelAlignment";
    @ConfigurationParameter(name = PARAM_LABEL_ALIGNMENT, defaultValue = "FIRST")
    private LabelAlignment labelAlignment;

    /** Which of nested or overlapping gold entities to train on: OUTERMOST, INNERMOST or LONGEST. */
    public static final String PARAM_FLATTENING = "flattening";
    @ConfigurationParameter(name = PARAM_FLATTENING, defaultValue = "OUTERMOST")
    private FlatteningPolicy flattening;

    private CasSentences extractor;
    private final List<LabeledSentence> sentences = new ArrayList<>();
    private TagScheme scheme;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        try {
            scheme = TagScheme.parse(tagScheme);
            extractor = new CasSentences(flattening);
        } catch (IllegalArgumentException e) {
            throw new ResourceInitializationException(e);
        }
    }

    @Override
    public void process(JCas jcas) {
        sentences.addAll(extractor.extract(jcas));
    }

    @Override
    public void collectionProcessComplete() throws AnalysisEngineProcessException {
        super.collectionProcessComplete();
        LOG.info("collected {}", extractor.counts());
        if (sentences.isEmpty()) {
            throw new AnalysisEngineProcessException(new IllegalStateException(
                    "no training sentences were collected (are Sentence and Token annotations present?)"));
        }
        TrainingConfig config = TrainingConfig.builder(Path.of(targetLocation)).optEpochs(epochs).optMaxSteps(maxSteps)
                .optLearningRate(learningRate).optSeed(seed).build();
        TokenClassifierTrainer.Builder b = TokenClassifierTrainer.builder().setConfig(config).setTrainData(sentences)
                .optTagScheme(scheme).optLabelAlignment(labelAlignment).optBatchSize(batchSize)
                .optMaxBatchTokens(batchSize * maxLength).optMaxLength(maxLength);
        if (baseModel != null && !baseModel.isBlank()) {
            b.optBaseModel(Path.of(baseModel));
        } else {
            b.optPreset(preset).optVocabSize(vocabSize);
        }
        try {
            TrainerState s = b.build().train();
            LOG.info("trained {} updates; model written to {}", s.step(), targetLocation);
        } catch (IOException | RuntimeException e) {
            throw new AnalysisEngineProcessException(e);
        }
    }
}
