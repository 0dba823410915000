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
     * Tags the sentences of one document in one call (implementations batch them); a model with document
     * context reads them as one word sequence.
     *
     * @param sentences word sequences; none is empty
     * @return per sequence, its entities (word ranges) in word order
     */
    List<List<EntityPrediction>> tag(List<List<String>> sentences);

    /**
     * Tags several documents in one call, each document's sentences context only for each other: what
     * {@link BatchingTagger} calls with the requests it merged, so one request never changes another's
     * entities. The default makes one {@link #tag} call of all sentences, right only for a tagger that
     * reads each sentence alone; a tagger with document context must override it.
     *
     * @param documents per document its word sequences; none is empty
     * @return per document, per sequence, its entities
     */
    default List<List<List<EntityPrediction>>> tagDocuments(List<List<List<String>>> documents) {
        List<List<String>> all = new java.util.ArrayList<>();
        documents.forEach(all::addAll);
        List<List<EntityPrediction>> out = tag(all);
        if (out.size() != all.size()) {
            throw new IllegalStateException("expected " + all.size() + " predictions from " + modelId()
                    + ", found " + out.size());
        }
        List<List<List<EntityPrediction>>> split = new java.util.ArrayList<>(documents.size());
        int k = 0;
        for (List<List<String>> d : documents) {
            split.add(out.subList(k, k + d.size()));
            k += d.size();
        }
        return split;
    }

    /** Frees the model; the default holds nothing. */
    @Override
    default void close() {
    }
}
