package io.github.bertner.experiment;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import io.github.bertner.io.AlignmentPolicy;
import io.github.bertner.io.CorpusReaders;
import io.github.bertner.io.FlatteningPolicy;
import io.github.bertner.io.ReportingReader;
import io.github.bertner.training.CorpusFingerprint;
import io.github.bertner.training.LabeledSentence;
import io.github.bertner.uima.CasSentences;
import org.apache.uima.UIMAException;
import org.apache.uima.collection.CollectionReader;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the corpora of an experiment through their UIMA readers ({@link CorpusReaders}) and keeps
 * document boundaries, which cross-validation needs; sentences are extracted as {@code bertner train}
 * extracts them ({@link CasSentences}). The only place of the package that touches UIMA.
 */
final class CorpusLoader {

    private static final Logger LOG = LoggerFactory.getLogger(CorpusLoader.class);

    private final String language;
    private final AlignmentPolicy policy;
    private final CasSentences extraction;

    /**
     * @param language   document language for the readers, null for the reader's default
     * @param policy     what readers do with annotations that cannot be aligned
     * @param flattening which of nested or overlapping gold entities to keep
     */
    CorpusLoader(String language, AlignmentPolicy policy, FlatteningPolicy flattening) {
        this.language = language;
        this.policy = policy;
        this.extraction = new CasSentences(flattening);
    }

    /**
     * Reads one corpus.
     *
     * @param ref the corpus
     * @return its documents, fingerprint and reading report
     * @throws IOException when the path is missing or reading fails (the message names the path)
     */
    CorpusData read(CorpusRef ref) throws IOException {
        if (!Files.exists(ref.path())) {
            throw new IOException(ref + ": no such file or folder " + ref.path().toAbsolutePath());
        }
        CorpusReaders.Options options = ref.readerOptions(language, policy);
        List<LabeledDocument> documents = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String report = "";
        try {
            CollectionReader reader = CollectionReaderFactory.createReader(CorpusReaders.create(ref.format(), ref.path(), options));
            JCas jcas = JCasFactory.createJCas();
            while (reader.hasNext()) {
                reader.getNext(jcas.getCas());
                List<LabeledSentence> sentences = extraction.extract(jcas);
                String id = documentId(jcas, documents.size());
                // readers that cut a file into several CASes may repeat its id; folds need distinct ones
                String unique = id;
                for (int k = 2; !ids.add(unique); k++) {
                    unique = id + "~" + k;
                }
                documents.add(new LabeledDocument(unique, ref, sentences));
                jcas.reset();
            }
            if (reader instanceof ReportingReader r) {
                report = r.report().format();
            }
            reader.destroy();
        } catch (UIMAException e) {
            throw new IOException(ref + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException(ref + ": " + e.getMessage(), e);
        }
        CorpusFingerprint fp = CorpusFingerprint.of(ref.path());
        CorpusData data = new CorpusData(ref, fp.sha256(), fp.bytes(), fp.files(), documents, report);
        LOG.info("read {}: {} documents, {} sentences, {} files, sha256 {}", ref, documents.size(),
                data.sentences().size(), fp.files(), fp.sha256());
        return data;
    }

    /** Extraction counters (sentences, entities, skipped ones) over everything read so far. */
    java.util.Map<String, Long> counts() {
        return extraction.counts();
    }

    private static String documentId(JCas jcas, int ordinal) {
        if (JCasUtil.exists(jcas, DocumentMetaData.class)) {
            DocumentMetaData meta = JCasUtil.selectSingle(jcas, DocumentMetaData.class);
            String id = meta.getDocumentId() != null ? meta.getDocumentId() : meta.getDocumentUri();
            if (id != null && !id.isBlank()) {
                return id;
            }
        }
        return "document-" + (ordinal + 1);
    }
}
