package io.github.bertner.io;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import java.util.ArrayList;
import java.util.List;
import org.apache.uima.collection.CollectionReader;
import org.apache.uima.collection.CollectionReaderDescription;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;

/** Test helper: runs a reader to the end and keeps what each CAS held. */
final class CorpusRun {

    /** What one CAS held. */
    record Doc(String id, String uri, String text, String language, List<String> sentences, List<String> tokens,
               List<String> pos, List<String> entities) {
    }

    /** All documents and the reader's report. */
    record Result(List<Doc> docs, ReadReport report) {
    }

    private CorpusRun() {
    }

    static Result read(Class<? extends ColumnCorpusReader> reader, Object... params) throws Exception {
        CollectionReaderDescription desc = CollectionReaderFactory.createReaderDescription(reader, params);
        CollectionReader cr = CollectionReaderFactory.createReader(desc);
        JCas jcas = JCasFactory.createJCas();
        List<Doc> docs = new ArrayList<>();
        while (cr.hasNext()) {
            jcas.reset();
            cr.getNext(jcas.getCas());
            DocumentMetaData meta = DocumentMetaData.get(jcas);
            docs.add(new Doc(meta.getDocumentId(), meta.getDocumentUri(), jcas.getDocumentText(),
                    jcas.getDocumentLanguage(),
                    JCasUtil.select(jcas, Sentence.class).stream().map(Sentence::getCoveredText).toList(),
                    JCasUtil.select(jcas, Token.class).stream().map(Token::getCoveredText).toList(),
                    JCasUtil.select(jcas, Token.class).stream()
                            .map(t -> t.getPos() == null ? null : t.getPos().getPosValue()).toList(),
                    JCasUtil.select(jcas, NamedEntity.class).stream()
                            .map(n -> n.getCoveredText() + "/" + n.getValue()).toList()));
        }
        cr.close();
        return new Result(docs, ((ReportingReader) cr).report());
    }
}
