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

    @Test
    void namesExtentKeepsTheNameSpansOfOrganisationsAndLocations() throws Exception {
        CollectionReader reader = createReader(FactRuEvalReader.class,
                FactRuEvalReader.PARAM_SOURCE_LOCATION, fixture("factrueval").toString(),
                FactRuEvalReader.PARAM_EXTENT, "NAMES");
        JCas jcas = readAll(reader).get(0);
        // "мэрию Москвы" (org_descr + loc_name) has no org_name span: left out, counted; "Газпрому" is listed
        // as org_name and nickname: one entity; persons keep their object extent
        assertEquals(List.of("PER:Марин Ле Пен", "PER:Ле Пен посетила мэрию Москвы.\n\nЖан-Мари Ле Пен и Марин",
                "LOC:Москвы", "PER:Жан-Мари Ле Пен", "ORG:Газпрому"), entities(jcas));
        ReadReport r = report(reader);
        assertEquals(1, r.get("objects.without_name_span"));
        assertEquals(2, r.get("objects.name_spans"));
        assertEquals(6, r.get("objects"));
        assertTrue(r.issues().isEmpty());
    }

    @Test
    void namesExtentSplitsAnObjectIntoOneEntityPerNameSpan() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("factru-names");
        try {
            String text = "Банк «ВТБ» и «Газпром» подписали.";
            java.nio.file.Files.writeString(dir.resolve("book_2.txt"), text);
            java.nio.file.Files.writeString(dir.resolve("book_2.tokens"), String.join("\n",
                    "1 0 4 Банк", "2 5 1 «", "3 6 3 ВТБ", "4 9 1 »", "5 11 1 и", "6 13 1 «", "7 14 7 Газпром",
                    "8 21 1 »", "9 23 9 подписали", "10 32 1 .", ""));
            java.nio.file.Files.writeString(dir.resolve("book_2.spans"), String.join("\n",
                    "1 org_descr 0 4 1 1  # 1 Банк", "2 org_name 6 3 3 1  # 3 ВТБ",
                    "3 org_name 14 7 7 1  # 7 Газпром", ""));
            // one object over two names (a collective mention): two entities under NAMES, one under OBJECT
            java.nio.file.Files.writeString(dir.resolve("book_2.objects"), "20 Org 1 2 3 # Банк ВТБ Газпром\n");
            ReadReport r = new ReadReport();
            CorpusDocument names = new FactRuEvalParser(AlignmentPolicy.FAIL, LabelMapping.identity(), r,
                    FactRuEvalExtent.NAMES).read(dir.resolve("book_2")).orElseThrow();
            assertEquals(List.of("20.1 Org ВТБ", "20.2 Org Газпром"), names.mentions().stream()
                    .map(m -> m.id() + " " + m.type() + " " + text.substring(m.extent().begin(), m.extent().end()))
                    .toList());
            CorpusDocument object = new FactRuEvalParser(AlignmentPolicy.FAIL, LabelMapping.identity(),
                    new ReadReport()).read(dir.resolve("book_2")).orElseThrow();
            assertEquals(List.of("Банк «ВТБ» и «Газпром"), object.mentions().stream()
                    .map(m -> text.substring(m.extent().begin(), m.extent().end())).toList());
        } finally {
            try (var files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
