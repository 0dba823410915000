package io.github.bertner.uima;

import io.github.bertner.inference.DefaultModels;
import io.github.bertner.inference.SharedPredictors;
import io.github.bertner.runtime.InferenceRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.uima.fit.component.Resource_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.resource.ResourceSpecifier;
import org.dkpro.core.api.parameter.ComponentParameters;

/**
 * A fine-tuned NER model as a uimaFIT external resource, bound to {@link NerTagger#RES_MODEL}: one description
 * of the model and its prediction settings for any number of taggers (engines, pipeline threads).
 *
 * <p>The model itself lives in the process-wide {@link SharedPredictors} cache: each tagger bound to this resource
 * takes a {@link SharedPredictors.Lease} in its {@code initialize} and gives it back in its {@code destroy}, so
 * the model is loaded once, however many taggers and resource managers there are, and closed when the last
 * tagger is destroyed. Taggers that name the same folder through {@link NerTagger#PARAM_MODEL_LOCATION} instead
 * share the same predictor.
 */
@ResourceMetaData(name = "bertner NER model")
public class NerModelResource extends Resource_ImplBase {

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

    /**
     * Engine of the forward pass: {@code PYTORCH}, {@code ONNX} (ONNX Runtime fp32, CPU) or
     * {@code ONNX_INT8} (ONNX Runtime with int8 encoder projections, CPU).
     */
    public static final String PARAM_RUNTIME = "runtime";
    @ConfigurationParameter(name = PARAM_RUNTIME, defaultValue = "PYTORCH")
    private InferenceRuntime runtime;

    private SharedPredictors.Spec spec;

    @Override
    public boolean initialize(ResourceSpecifier specifier, Map<String, Object> additionalParams)
            throws ResourceInitializationException {
        if (!super.initialize(specifier, additionalParams)) {
            return false;
        }
        modelLocation = resolve(modelLocation, language);
        spec = new SharedPredictors.Spec(Path.of(modelLocation), device, runtime, batchSize, maxLength, stride);
        return true;
    }

    /**
     * The folder as given, or the default model of the language when none is given.
     *
     * @throws ResourceInitializationException naming every place looked at when the language has no default model
     */
    static String resolve(String modelLocation, String language) throws ResourceInitializationException {
        if (modelLocation != null) {
            return modelLocation;
        }
        try {
            return DefaultModels.locate(language).toString();
        } catch (IllegalArgumentException e) {
            throw new ResourceInitializationException(new IllegalArgumentException(PARAM_MODEL_LOCATION
                    + " is not set and " + e.getMessage() + "; set " + PARAM_MODEL_LOCATION + " to a model folder", e));
        }
    }

    /** @return the model folder: the one given, or the default model found for the language */
    public String modelLocation() {
        return modelLocation;
    }

    /** @return the model and the settings its predictor is built with */
    public SharedPredictors.Spec spec() {
        return spec;
    }

    /**
     * Takes a hold on the shared predictor, loading the model if no one holds it yet.
     *
     * @return the lease; close it when done (a tagger does so in its {@code destroy})
     * @throws IOException when a model file cannot be read
     * @throws IllegalArgumentException when a setting is invalid for the model
     */
    public SharedPredictors.Lease acquire() throws IOException {
        return SharedPredictors.acquire(spec);
    }
}
