package io.github.bertner.io;

import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import org.apache.uima.collection.CollectionReader;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.jcas.JCas;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.apache.uima.fit.util.JCasUtil.select;

/** Helpers for the reader tests: fixture paths and draining a reader into JCases. */
final class ReaderTestSupport {

    private ReaderTestSupport() {
    }

    static Path fixture(String name) {
        try {
            return Path.of(ReaderTestSupport.class.getResource("/io/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<JCas> readAll(CollectionReader reader) throws Exception {
        List<JCas> docs = new ArrayList<>();
        while (reader.hasNext()) {
            JCas jcas = JCasFactory.createJCas();
            reader.getNext(jcas.getCas());
            docs.add(jcas);
        }
        return docs;
    }

    static List<String> entities(JCas jcas) {
        return select(jcas, NamedEntity.class).stream()
                .map(ne -> ne.getValue() + ":" + ne.getCoveredText()).toList();
    }

    static ReadReport report(CollectionReader reader) {
        return ((ReportingReader) reader).report();
    }
}
