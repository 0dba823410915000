package io.github.bertner.serve;

import io.github.bertner.inference.EntityPrediction;
import java.util.List;

/**
 * What the server needs from a model: entities for word sequences. {@link PredictorTagger} is the one
 * implementation backed by a model; tests use deterministic fakes so span, flag and page checks hold
 * with any model.
 */
public interface SentenceTagger extends AutoCloseable {

    /** @return an identifier of the model, reported with every result */
    String modelId();

    /** @return the entity types the model can predict, in label order */
    List<String> types();

    /**
     * Tags several word sequences in one call (implementations batch them).
     *
     * @param sentences word sequences; none is empty
     * @return per sequence, its entities (word ranges) in word order
     */
    List<List<EntityPrediction>> tag(List<List<String>> sentences);

    /** Frees the model; the default holds nothing. */
    @Override
    default void close() {
    }
}
