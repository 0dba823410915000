package io.github.bertner.experiment;

import io.github.bertner.training.LabeledSentence;

import java.util.List;
import java.util.Objects;

/**
 * One document of a corpus (one CAS of its reader) with its labelled sentences: the unit that
 * cross-validation assigns to folds, so that no document is split between training and testing.
 *
 * @param id        document id (from the reader's metadata, made unique within the experiment)
 * @param corpus    the corpus it was read from
 * @param sentences its sentences with gold entities
 */
public record LabeledDocument(String id, CorpusRef corpus, List<LabeledSentence> sentences) {

    /** Copies the list. */
    public LabeledDocument {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(corpus, "corpus");
        sentences = List.copyOf(sentences);
    }
}
