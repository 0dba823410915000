package io.github.bertner.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class Wnut17ReaderTest {

    static final Path SAMPLE = Path.of("src/test/resources/io/wnut17/sample.conll");

    @Test
    void oneCasPerPostByDefaultWithTabOnlyBoundaryAndHyphenatedTypes() throws Exception {
        CorpusRun.Result r = CorpusRun.read(Wnut17Reader.class,
                Wnut17Reader.PARAM_SOURCE_LOCATION, SAMPLE.toString());
        assertEquals(3, r.docs().size());
        assertEquals("sample.conll#1", r.docs().get(0).id());
        assertEquals("@paul watched Game of Thrones", r.docs().get(0).text());
        assertEquals(List.of("Game of Thrones/creative-work"), r.docs().get(0).entities());
        assertEquals(List.of("Empire State Building/location", "ESB/location"), r.docs().get(1).entities());
        assertEquals(List.of("Jon/person", "Mary/person"), r.docs().get(2).entities());
        ReadReport report = r.report();
        assertEquals(1, report.get("quirks.whitespaceBoundaryLines"));
        assertEquals(3, report.get("sentences"));
        assertEquals(12, report.get("tokens"));
        assertEquals(5, report.get("entities"));
        assertEquals(1, report.get("entities.creative-work"));
        assertTrue(report.issues().isEmpty());
    }

    @Test
    void sentencesPerCasGroupsPosts() throws Exception {
        CorpusRun.Result r = CorpusRun.read(Wnut17Reader.class,
                Wnut17Reader.PARAM_SOURCE_LOCATION, SAMPLE.toString(),
                Wnut17Reader.PARAM_SENTENCES_PER_CAS, 2);
        assertEquals(2, r.docs().size());
        assertEquals("@paul watched Game of Thrones\nEmpire State Building = ESB", r.docs().get(0).text());
        assertEquals(List.of("Jon Mary"), r.docs().get(1).sentences());
        assertEquals("sample.conll#2", r.docs().get(1).id());
    }

    @Test
    void wnutMappingFoldsTypesIntoCommonSet() throws Exception {
        CorpusRun.Result r = CorpusRun.read(Wnut17Reader.class,
                Wnut17Reader.PARAM_SOURCE_LOCATION, SAMPLE.toString(),
                Wnut17Reader.PARAM_LABEL_MAPPING, "wnut17-en");
        assertEquals(List.of("Game of Thrones/MISC"), r.docs().get(0).entities());
        assertEquals(2, r.report().get("entities.PER"));
    }
}
