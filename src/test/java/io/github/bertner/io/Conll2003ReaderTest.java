package io.github.bertner.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class Conll2003ReaderTest {

    static final Path SAMPLE = Path.of("src/test/resources/io/conll2003/sample.conll");

    @Test
    void oneCasPerDocumentWithBothDocstartVariants() throws Exception {
        CorpusRun.Result r = CorpusRun.read(Conll2003Reader.class,
                Conll2003Reader.PARAM_SOURCE_LOCATION, SAMPLE.toString());
        assertEquals(2, r.docs().size());
        CorpusRun.Doc first = r.docs().get(0);
        assertEquals("sample.conll#1", first.id());
        assertTrue(first.uri().endsWith("/sample.conll#1"), first.uri());
        assertEquals("en", first.language());
        assertEquals("EU rejects German call .\nPeter Blackburn", first.text());
        assertEquals(List.of("EU rejects German call .", "Peter Blackburn"), first.sentences());
        assertEquals(List.of("EU/ORG", "German/MISC", "Peter Blackburn/PER"), first.entities());
        assertEquals(List.of("NNP", "VBZ", "JJ", "NN", ".", "NNP", "NNP"), first.pos());
        assertEquals("sample.conll#2", r.docs().get(1).id());
        ReadReport report = r.report();
        assertEquals(2, report.get("documents"));
        assertEquals(4, report.get("sentences"));
        assertEquals(13, report.get("tokens"));
        assertEquals(7, report.get("entities"));
        assertEquals(4, report.get("entities.LOC"));
        assertTrue(report.issues().isEmpty());
    }

    @Test
    void iob1BetweenAdjacentSameTypeEntitiesSplitsThem() throws Exception {
        CorpusRun.Result r = CorpusRun.read(Conll2003Reader.class,
                Conll2003Reader.PARAM_SOURCE_LOCATION, SAMPLE.toString());
        assertEquals(List.of("BRUSSELS/LOC", "Bonn/LOC", "Paris/LOC", "Rome/LOC"), r.docs().get(1).entities());
    }

    @Test
    void labelMappingAndLanguageAreApplied() throws Exception {
        CorpusRun.Result r = CorpusRun.read(Conll2003Reader.class,
                Conll2003Reader.PARAM_SOURCE_LOCATION, SAMPLE.toString(),
                Conll2003Reader.PARAM_LABEL_MAPPING, "conll2003-en",
                Conll2003Reader.PARAM_LANGUAGE, "xx");
        assertEquals("xx", r.docs().get(0).language());
        assertEquals(7, r.report().get("entities"));
    }

    @Test
    void folderWithPatternsSelectsFiles() throws Exception {
        CorpusRun.Result r = CorpusRun.read(Conll2003Reader.class,
                Conll2003Reader.PARAM_SOURCE_LOCATION, SAMPLE.getParent().toString(),
                Conll2003Reader.PARAM_PATTERNS, new String[] {"sample.*"});
        assertEquals(2, r.docs().size());
        assertEquals(1, r.report().get("files"));
    }
}
