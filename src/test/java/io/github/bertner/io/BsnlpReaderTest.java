package io.github.bertner.io;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import org.apache.uima.collection.CollectionReader;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.bertner.io.ReaderTestSupport.entities;
import static io.github.bertner.io.ReaderTestSupport.fixture;
import static io.github.bertner.io.ReaderTestSupport.readAll;
import static io.github.bertner.io.ReaderTestSupport.report;
import static org.apache.uima.fit.factory.CollectionReaderFactory.createReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BsnlpReaderTest {

    @Test
    void findsEveryOccurrenceLongestFirst() throws Exception {
        CollectionReader reader = createReader(BsnlpReader.class,
                BsnlpReader.PARAM_SOURCE_LOCATION, fixture("bsnlp").toString(),
                BsnlpReader.PARAM_LABEL_MAPPING, "identity");
        List<JCas> docs = readAll(reader);
        assertEquals(1, docs.size());
        JCas jcas = docs.get(0);
        String text = jcas.getDocumentText();
        // title + body, line ends normalised to LF
        assertEquals("Визит Мэй в Брюсселе\n\nПремьер", text.substring(0, 29));
        assertFalse(text.contains("\r"));
        assertEquals("ru-1", DocumentMetaData.get(jcas).getDocumentId());
        assertEquals("Визит Мэй в Брюсселе", DocumentMetaData.get(jcas).getDocumentTitle());
        assertEquals(List.of("PER:Мэй", "LOC:Брюсселе", "LOC:Великобритании", "PER:Тереза\u200B\u200BМэй",
                "LOC:Брюссель", "PER:Мэй", "PER:Туском", "ORG:ЕС", "ORG:Associated Press"), entities(jcas));

        ReadReport r = report(reader);
        assertEquals(10, r.get("mentions.lines"));
        assertEquals(8, r.get("mentions.found_exact"));
        assertEquals(1, r.get("mentions.duplicate_lines"));
        assertEquals(1, r.get("skipped.form_not_found"));
        assertEquals(1, r.get("skipped.unparseable_line"));
        assertEquals(1, r.get("mentions.found_normalised"));
        assertEquals(1, r.get("tokens.split_for_entity"));
        assertEquals(12, r.issues().stream().filter(i -> i.kind().equals("unparseable_line")).findFirst()
                .orElseThrow().line());
    }

    @Test
    void otherLanguageFolderIsAnError() {
        // an empty input set used to read as "0 documents, no issues"
        org.apache.uima.resource.ResourceInitializationException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.apache.uima.resource.ResourceInitializationException.class, () -> createReader(BsnlpReader.class,
                        BsnlpReader.PARAM_SOURCE_LOCATION, fixture("bsnlp").toString(),
                        BsnlpReader.PARAM_LANGUAGE, "pl"));
        Throwable cause = e;
        while (!(cause instanceof ReaderException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().endsWith("expected at least one document (files matching "
                + "[+]**/annotated/pl/*.out, [+]**/raw/pl/*.txt), found none"), cause.getMessage());
    }
}
