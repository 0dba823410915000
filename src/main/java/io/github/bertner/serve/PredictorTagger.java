package io.github.bertner.serve;

import io.github.bertner.inference.EntityPrediction;
import io.github.bertner.inference.NerPredictor;
import io.github.bertner.inference.SentencePrediction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The only place where the serve and compare code calls {@link NerPredictor}: a model folder loaded once
 * and shared by all request threads. The predictor is not thread-safe, so calls are serialized here;
 * {@link BatchingTagger} in front of it merges concurrent requests into one batched call, so the
 * serialization costs little.
 */
public final class PredictorTagger implements SentenceTagger {

    private final NerPredictor predictor;
    private final String modelId;
    private final List<String> types;

    private PredictorTagger(NerPredictor predictor, String modelId) {
        this.predictor = predictor;
        this.modelId = modelId;
        Set<String> t = new LinkedHashSet<>();
        for (String label : predictor.labels()) {
            int dash = label.indexOf('-');
            if (dash > 0) {
                t.add(label.substring(dash + 1));
            }
        }
        this.types = List.copyOf(t);
    }

    /**
     * Loads a model folder.
     *
     * @param modelDir  fine-tuned model folder
     * @param device    {@code auto}, {@code cpu} or {@code gpu:N}
     * @param batchSize windows per model call
     * @return the tagger; close it
     * @throws IOException when a model file cannot be read
     */
    public static PredictorTagger load(Path modelDir, String device, int batchSize) throws IOException {
        Objects.requireNonNull(modelDir, "modelDir");
        NerPredictor predictor = NerPredictor.builder(modelDir).optDevice(device).optBatchSize(batchSize).build();
        return new PredictorTagger(predictor, modelDir.normalize().toString());
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public List<String> types() {
        return types;
    }

    @Override
    public synchronized List<List<EntityPrediction>> tag(List<List<String>> sentences) {
        List<List<EntityPrediction>> out = new ArrayList<>(sentences.size());
        for (SentencePrediction p : predictor.predictAll(sentences)) {
            out.add(p.entities());
        }
        return out;
    }

    /** Each document is its own word sequence (for a document-context model); batches are filled across them. */
    @Override
    public synchronized List<List<List<EntityPrediction>>> tagDocuments(List<List<List<String>>> documents) {
        List<List<List<EntityPrediction>>> out = new ArrayList<>(documents.size());
        for (List<SentencePrediction> doc : predictor.predictDocuments(documents)) {
            List<List<EntityPrediction>> d = new ArrayList<>(doc.size());
            for (SentencePrediction p : doc) {
                d.add(p.entities());
            }
            out.add(d);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        predictor.close();
    }
}
