package io.github.bertner.io;

import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
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

class BratReaderTest {

    @Test
    void readsNestedDiscontinuousAndTabEntities() throws Exception {
        CollectionReader reader = createReader(BratReader.class,
                BratReader.PARAM_SOURCE_LOCATION, fixture("brat").toString());
        List<JCas> docs = readAll(reader);
        assertEquals(2, docs.size());
        JCas doc1 = docs.get(0);
        assertEquals(List.of("PERSON:Президент России Владимир Путин", "PROFESSION:Президент России", "COUNTRY:России",
                "PERSON:Владимир Путин", "CITY:Казань", "ORGANIZATION:МВД", "EVENT:сообщила:\tвсё"), entities(doc1));
        NamedEntity discontinuous = select(doc1, NamedEntity.class).stream()
                .filter(ne -> "T4".equals(ne.getIdentifier())).findFirst().orElseThrow();
        assertEquals("PERSON", discontinuous.getValue());
        assertEquals(2, select(doc1, Sentence.class).size());
        assertEquals(0, select(docs.get(1), NamedEntity.class).size());

        ReadReport r = report(reader);
        assertEquals(7, r.get("entities"));
        assertEquals(1, r.get("entities.discontinuous"));
        assertEquals(1, r.get("lines.ignored.R"));
        assertEquals(1, r.get("lines.ignored.N"));
        assertEquals(1, r.get("lines.ignored.#"));
        assertEquals(1, r.get("skipped.stray_line"));
        assertEquals(12, r.issues().get(0).line());
    }

    @Test
    void singleFileAsSourceLocation() throws Exception {
        CollectionReader reader = createReader(BratReader.class,
                BratReader.PARAM_SOURCE_LOCATION, fixture("brat").resolve("doc1.txt").toString(),
                BratReader.PARAM_LABEL_MAPPING, "identity");
        assertEquals(1, readAll(reader).size());
    }

    @Test
    void capitalizedMentionsLeaveOutLowerCaseOnesAndCountThem() throws Exception {
        CollectionReader reader = createReader(BratReader.class,
                BratReader.PARAM_SOURCE_LOCATION, fixture("brat").toString(),
                BratReader.PARAM_MENTION_FILTER, "CAPITALIZED");
        JCas doc1 = readAll(reader).get(0);
        // the EVENT "сообщила: всё" starts lower case; the discontinuous PERSON and "МВД" stay
        assertEquals(List.of("PERSON:Президент России Владимир Путин", "PROFESSION:Президент России", "COUNTRY:России",
                "PERSON:Владимир Путин", "CITY:Казань", "ORGANIZATION:МВД"), entities(doc1));
        ReadReport r = report(reader);
        assertEquals(1, r.get("entities.lowercase_dropped.EVENT"));
        assertEquals(7, r.get("entities"), "entities counts what the corpus has");
    }

    @Test
    void mentionFilterLooksAtTheFirstLetterOrDigit() {
        assertEquals(List.of(true, true, true, true, false, false, false, true),
                java.util.stream.Stream.of("России", "«Газпром»", "G7", "7-Eleven", "российских", "« правительство",
                        "iPad", "...").map(MentionFilter.CAPITALIZED::keeps).toList());
        assertEquals(true, MentionFilter.ALL.keeps("российских"));
        assertEquals("expected all or capitalized, found 'upper'",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> MentionFilter.parse("upper")).getMessage());
    }
}
