package io.github.bertner.io;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.tagging.LabelMapping;
import org.apache.uima.collection.CollectionReader;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.bertner.io.ReaderTestSupport.entities;
import static io.github.bertner.io.ReaderTestSupport.fixture;
import static io.github.bertner.io.ReaderTestSupport.readAll;
import static io.github.bertner.io.ReaderTestSupport.report;
import static org.apache.uima.fit.factory.CollectionReaderFactory.createReader;
import static org.apache.uima.fit.util.JCasUtil.select;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FactRuEvalReaderTest {

    @Test
    void readsTokensSentencesAndAllObjects() throws Exception {
        CollectionReader reader = createReader(FactRuEvalReader.class,
                FactRuEvalReader.PARAM_SOURCE_LOCATION, fixture("factrueval").toString());
        List<JCas> docs = readAll(reader);
        assertEquals(1, docs.size());
        JCas jcas = docs.get(0);
        assertEquals("book_1", DocumentMetaData.get(jcas).getDocumentId());
        assertEquals("ru", jcas.getDocumentLanguage());
        assertEquals(19, select(jcas, Token.class).size());
        assertEquals(List.of("Марин Ле Пен посетила мэрию Москвы .", "Жан - Мари Ле Пен и Марин ответили « Газпрому » ."),
                select(jcas, Sentence.class).stream().map(s -> String.join(" ",
                        org.apache.uima.fit.util.JCasUtil.selectCovered(Token.class, s).stream()
                                .map(Token::getCoveredText).toList())).toList());
        // default mapping factrueval-ru; nested (LocOrg in Org) and discontinuous (Марин ... Ле Пен) kept
        assertEquals(List.of("PER:Марин Ле Пен", "PER:Ле Пен посетила мэрию Москвы.\n\nЖан-Мари Ле Пен и Марин",
                "ORG:мэрию Москвы", "LOC:Москвы", "PER:Жан-Мари Ле Пен", "ORG:Газпрому"), entities(jcas));
        ReadReport r = report(reader);
        assertEquals(1, r.get("entities.discontinuous"));
        assertEquals(3, r.get("entities.nested"));
        assertEquals(1, r.get("spans.n_tokens_disagrees"));
        assertEquals(1, r.get("spans.repeated_id"));
        assertTrue(r.issues().isEmpty());
    }

    @Test
    void identityMappingKeepsObjectTypes() {
        ReadReport r = new ReadReport();
        CorpusDocument doc = new FactRuEvalParser(AlignmentPolicy.FAIL, LabelMapping.identity(), r)
                .read(fixture("factrueval").resolve("book_1")).orElseThrow();
        assertEquals(List.of("Person", "Person", "Org", "LocOrg", "Person", "Org"),
                doc.mentions().stream().map(Mention::type).toList());
        Mention discontinuous = doc.mentions().get(1);
        assertEquals(2, discontinuous.fragments().size());
    }
}
