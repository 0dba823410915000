package io.github.bertner.experiment;

import io.github.bertner.training.LabeledSentence;

import java.util.ArrayList;
import java.util.List;

/**
 * A corpus as read for an experiment: its documents, a fingerprint of its files for the provenance,
 * and the reader's report.
 *
 * @param ref        what the spec named
 * @param sha256     SHA-256 over the paths (relative to the corpus root) and contents of its files, in path order
 * @param bytes      total size of its files
 * @param files      number of files
 * @param documents  its documents in reading order
 * @param readReport the reader's counters and issues, as printed by {@code corpus stats}
 */
public record CorpusData(CorpusRef ref, String sha256, long bytes, int files, List<LabeledDocument> documents,
                         String readReport) {

    /** Copies the list. */
    public CorpusData {
        documents = List.copyOf(documents);
    }

    /**
     * All sentences in document order.
     *
     * @return the sentences
     */
    public List<LabeledSentence> sentences() {
        List<LabeledSentence> all = new ArrayList<>();
        for (LabeledDocument d : documents) {
            all.addAll(d.sentences());
        }
        return all;
    }
}
