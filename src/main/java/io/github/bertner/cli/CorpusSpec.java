package io.github.bertner.cli;

import io.github.bertner.experiment.CorpusRef;
import io.github.bertner.io.AlignmentPolicy;
import io.github.bertner.io.CorpusFormat;
import io.github.bertner.io.CorpusReaders;
import io.github.bertner.io.ReportingReader;
import io.github.bertner.training.LabeledSentence;
import io.github.bertner.uima.CasSentences;
import org.apache.uima.UIMAException;
import org.apache.uima.collection.CollectionReader;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.jcas.JCas;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A corpus argument {@code [format[+mapping]:]path}, e.g. {@code eng.train},
 * {@code wnut17:emerging.dev.conll} or {@code wnut17+wnut17-en:wnut17train.conll}: the format and
 * label mapping default to the command's {@code --format} and {@code --mapping}.
 *
 * @param format  corpus format
 * @param mapping label mapping name or file, null for the reader's default
 * @param path    file or folder
 */
record CorpusSpec(CorpusFormat format, String mapping, Path path) {

    /**
     * Parses an argument.
     *
     * @param arg            the argument
     * @param defaultFormat  format when the argument names none (may be null)
     * @param defaultMapping mapping when the argument names none (may be null)
     * @return the spec
     * @throws IllegalArgumentException when no format is known or the format is unknown
     */
    static CorpusSpec parse(String arg, CorpusFormat defaultFormat, String defaultMapping) {
        CorpusRef ref = CorpusRef.parse(arg, defaultFormat, defaultMapping, "use --format");
        return new CorpusSpec(ref.format(), ref.mapping(), ref.path());
    }

    /**
     * Reads the corpus through its UIMA reader (built by {@link CorpusReaders}) and extracts training sentences; the reader's report
     * is printed.
     *
     * @param language language for the readers
     * @param policy   alignment policy for the readers
     * @param err      where the reading report goes
     * @param cas      sentence extraction (counts accumulate across corpora)
     * @return the sentences
     * @throws IOException when the path is missing or reading fails (message names the file)
     */
    List<LabeledSentence> read(String language, AlignmentPolicy policy, PrintWriter err, CasSentences cas)
            throws IOException {
        if (!Files.exists(path)) {
            throw new IOException(path + ": no such file or folder");
        }
        CorpusReaders.Options options = CorpusReaders.Options.builder().optLanguage(language).optPolicy(policy)
                .optLabelMapping(mapping).build();
        List<LabeledSentence> out = new ArrayList<>();
        try {
            CollectionReader reader = CollectionReaderFactory.createReader(CorpusReaders.create(format, path, options));
            JCas jcas = JCasFactory.createJCas();
            while (reader.hasNext()) {
                reader.getNext(jcas.getCas());
                out.addAll(cas.extract(jcas));
                jcas.reset();
            }
            if (reader instanceof ReportingReader r) {
                err.println("read " + format.name().toLowerCase(java.util.Locale.ROOT) + ":" + path + " -> "
                        + out.size() + " sentences");
                err.println(r.report().format());
            }
            reader.destroy();
        } catch (UIMAException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
        return out;
    }
}
