package io.github.bertner.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.tagging.Span;
import io.github.bertner.tagging.TagScheme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.pipeline.SimplePipeline;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConllWriterTest {

    @TempDir
    Path tmp;

    private static ColumnSentence sentence(List<Span> spans, String... tokens) {
        return new ColumnSentence(java.util.Arrays.stream(tokens).map(t -> new ColumnToken(t, null, "O", -1)).toList(),
                1, spans);
    }

    @Test
    void iob1UsesBOnlyBetweenAdjacentSameTypeEntities() {
        ColumnSentence s = sentence(List.of(new Span(0, 1, "LOC"), new Span(1, 2, "LOC"), new Span(3, 4, "LOC")),
                "Bonn", "Paris", "and", "Rome");
        StringBuilder out = new StringBuilder();
        ConllWriter.builder().optScheme(TagScheme.IOB1).build().writeDocument(List.of(s), out);
        assertEquals("Bonn\tI-LOC\nParis\tB-LOC\nand\tO\nRome\tI-LOC\n\n", out.toString());
    }

    @Test
    void conll2003StyleWritesDocstartAndNullColumns() {
        ColumnSentence s = new ColumnSentence(List.of(new ColumnToken("EU", "NNP", "O", 1),
                new ColumnToken("says", null, "O", 2)), 1, List.of(new Span(0, 1, "ORG")));
        StringBuilder out = new StringBuilder();
        ConllWriter.builder().optScheme(TagScheme.BIOES).optStyle(ConllWriter.Style.CONLL2003).build()
                .writeDocument(List.of(s), out);
        assertEquals("-DOCSTART- -X- -X- O\n\nEU NNP -X- S-ORG\nsays -X- -X- O\n\n", out.toString());
    }

    @Test
    void tokenWithColumnSeparatorIsRejected() {
        ColumnSentence s = sentence(List.of(), "New York");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConllWriter.builder()
                .optStyle(ConllWriter.Style.CONLL2003).build().writeDocument(List.of(s), new StringBuilder()));
        assertTrue(e.getMessage().contains("found 'New York'"), e.getMessage());
    }

    @Test
    void readWriteReadKeepsDocumentsAndEntities() throws Exception {
        Path out = tmp.resolve("out");
        SimplePipeline.runPipeline(
                CollectionReaderFactory.createReader(Conll2003Reader.class,
                        ColumnCorpusReader.PARAM_SOURCE_LOCATION, Conll2003ReaderTest.SAMPLE.toString()),
                AnalysisEngineFactory.createEngineDescription(ConllCasWriter.class,
                        ConllCasWriter.PARAM_TARGET_LOCATION, out.toString(),
                        ConllCasWriter.PARAM_STYLE, ConllWriter.Style.CONLL2003,
                        ConllCasWriter.PARAM_TAG_SCHEME, "IOB1"));
        CorpusRun.Result again = CorpusRun.read(Conll2003Reader.class,
                ColumnCorpusReader.PARAM_SOURCE_LOCATION, out.resolve("sample.conll.conll").toString());
        CorpusRun.Result original = CorpusRun.read(Conll2003Reader.class,
                ColumnCorpusReader.PARAM_SOURCE_LOCATION, Conll2003ReaderTest.SAMPLE.toString());
        assertEquals(original.docs().stream().map(CorpusRun.Doc::text).toList(),
                again.docs().stream().map(CorpusRun.Doc::text).toList());
        assertEquals(original.docs().stream().map(CorpusRun.Doc::entities).toList(),
                again.docs().stream().map(CorpusRun.Doc::entities).toList());
        assertEquals(original.docs().get(0).pos(), again.docs().get(0).pos());
    }

    private static JCas casWithEntity(int begin, int end) throws Exception {
        JCas jcas = JCasFactory.createText("New York rocks", "en");
        DocumentMetaData.create(jcas).setDocumentId("doc#1");
        new Sentence(jcas, 0, 14).addToIndexes();
        new Token(jcas, 0, 3).addToIndexes();
        new Token(jcas, 4, 8).addToIndexes();
        new Token(jcas, 9, 14).addToIndexes();
        NamedEntity ne = new NamedEntity(jcas, begin, end);
        ne.setValue("LOC");
        ne.addToIndexes();
        return jcas;
    }

    @Test
    void entityOffTokenBoundariesFailsOrIsSkipped() throws Exception {
        AnalysisEngine strict = AnalysisEngineFactory.createEngine(ConllCasWriter.class,
                ConllCasWriter.PARAM_TARGET_LOCATION, tmp.resolve("a").toString());
        AnalysisEngineProcessException e = assertThrows(AnalysisEngineProcessException.class,
                () -> strict.process(casWithEntity(0, 6)));
        ReaderException cause = assertInstanceOf(ReaderException.class, e.getCause());
        assertTrue(cause.getMessage().startsWith("doc#1: expected an entity starting and ending on token boundaries, "
                + "found 'New Yo' [0,6) LOC"), cause.getMessage());

        AnalysisEngine lenient = AnalysisEngineFactory.createEngine(ConllCasWriter.class,
                ConllCasWriter.PARAM_TARGET_LOCATION, tmp.resolve("b").toString(),
                ConllCasWriter.PARAM_ALIGNMENT_POLICY, AlignmentPolicy.SKIP_ANNOTATION);
        lenient.process(casWithEntity(0, 6));
        lenient.process(casWithEntity(0, 8));
        lenient.collectionProcessComplete();
        assertEquals("New\tO\nYork\tO\nrocks\tO\n\nNew\tB-LOC\nYork\tI-LOC\nrocks\tO\n\n",
                Files.readString(tmp.resolve("b/doc.conll")));
    }
}
