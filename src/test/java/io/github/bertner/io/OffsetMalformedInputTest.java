package io.github.bertner.io;

import io.github.bertner.tagging.LabelMapping;
import org.apache.uima.collection.CollectionException;
import org.apache.uima.collection.CollectionReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.apache.uima.fit.factory.CollectionReaderFactory.createReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each kind of bad input is either a clear error naming file, line and value, or a counted skip. */
class OffsetMalformedInputTest {

    @TempDir
    Path dir;

    private static final String TEXT = "Путин посетил Казань.\n";

    private Path brat(String text, String ann) throws IOException {
        Files.writeString(dir.resolve("d.txt"), text);
        Files.writeString(dir.resolve("d.ann"), ann);
        return dir.resolve("d");
    }

    private static Optional<CorpusDocument> readBrat(Path base, AlignmentPolicy policy, ReadReport report) {
        return new BratParser(policy, LabelMapping.identity(), report).read(base);
    }

    private static ReaderException failsBrat(Path base) {
        return assertThrows(ReaderException.class, () -> readBrat(base, AlignmentPolicy.FAIL, new ReadReport()));
    }

    @Test
    void bratOffsetsPastEndOfText() throws IOException {
        ReaderException e = failsBrat(brat(TEXT, "T1\tCITY 14 40\tКазань\n"));
        assertTrue(e.getMessage().contains("d.ann:1: [T1] offset_out_of_range"), e.getMessage());
        assertTrue(e.getMessage().contains("14 40"), e.getMessage());
    }

    @Test
    void bratTextMismatchUnderEachPolicy() throws IOException {
        Path base = brat(TEXT, "T1\tPERSON 0 5\tПутин\nT2\tCITY 14 20\tМосква\n");
        ReaderException e = failsBrat(base);
        assertTrue(e.getMessage().endsWith("d.ann:2: [T2] text_mismatch: expected 'Москва', found 'Казань'"),
                e.getMessage());

        ReadReport skipAnnotation = new ReadReport();
        CorpusDocument doc = readBrat(base, AlignmentPolicy.SKIP_ANNOTATION, skipAnnotation).orElseThrow();
        assertEquals(1, doc.mentions().size());
        assertEquals(1, skipAnnotation.get("skipped.text_mismatch"));

        ReadReport skipDocument = new ReadReport();
        assertTrue(readBrat(base, AlignmentPolicy.SKIP_DOCUMENT, skipDocument).isEmpty());
        assertEquals(1, skipDocument.get("documents.skipped"));
        assertEquals(0, skipDocument.get("documents"));
        assertEquals("skipped document", skipDocument.issues().get(0).action());
    }

    @Test
    void bratOverlappingEntitiesAreKeptAndCounted() throws IOException {
        ReadReport r = new ReadReport();
        CorpusDocument doc = readBrat(brat(TEXT, "T1\tEVENT 0 13\tПутин посетил\nT2\tEVENT 6 20\tпосетил Казань\n"),
                AlignmentPolicy.FAIL, r).orElseThrow();
        assertEquals(2, doc.mentions().size());
        assertEquals(2, r.get("entities.crossing"));
    }

    @Test
    void bratOverlappingFragmentsOfOneEntity() throws IOException {
        ReaderException e = failsBrat(brat(TEXT, "T1\tEVENT 0 13;6 13\tПутин посетил посетил\n"));
        assertTrue(e.getMessage().contains("d.ann:1: [T1] overlapping_fragments"), e.getMessage());
    }

    @Test
    void bratDiscontinuousFragmentsJoinedBySpace() throws IOException {
        CorpusDocument doc = readBrat(brat(TEXT, "T1\tEVENT 0 5;14 20\tПутин Казань\n"), AlignmentPolicy.FAIL,
                new ReadReport()).orElseThrow();
        assertEquals(List.of(new TextRange(0, 5), new TextRange(14, 20)), doc.mentions().get(0).fragments());
    }

    @Test
    void bratEntityNotOnTokenBoundary() throws IOException {
        ReaderException e = failsBrat(brat(TEXT, "T1\tCITY 13 20\t Казань\n"));
        assertTrue(e.getMessage().contains("d.ann:1: [T1] not_on_token_boundary"), e.getMessage());
    }

    @Test
    void bratMalformedEntityLine() throws IOException {
        ReaderException e = failsBrat(brat(TEXT, "T1\tCITY 14 20 Казань\n"));
        assertTrue(e.getMessage().contains("d.ann:1: [T1] malformed_line"), e.getMessage());
        ReaderException e2 = failsBrat(brat(TEXT, "T1\tCITY 14 x\tКазань\n"));
        assertTrue(e2.getMessage().contains("'start end' pairs"), e2.getMessage());
    }

    @Test
    void bratEmptyAnnGivesDocumentWithoutEntities() throws IOException {
        ReadReport r = new ReadReport();
        CorpusDocument doc = readBrat(brat(TEXT, ""), AlignmentPolicy.FAIL, r).orElseThrow();
        assertEquals(0, doc.mentions().size());
        assertEquals(4, doc.tokens().size());
    }

    @Test
    void bomIsKeptSoThatOffsetsStayValid() throws IOException {
        ReadReport r = new ReadReport();
        CorpusDocument doc = readBrat(brat("\uFEFF" + TEXT, "T1\tCITY 15 21\tКазань\n"), AlignmentPolicy.FAIL, r)
                .orElseThrow();
        assertEquals(1, r.get("text.bom_kept"));
        assertEquals("Путин", doc.text().substring(doc.tokens().get(0).begin(), doc.tokens().get(0).end()));
    }

    @Test
    void crlfTextKeepsBratOffsets() throws IOException {
        String text = "Первая строка.\r\nПутин в Казани.\r\n";
        int b = text.indexOf("Казани");
        CorpusDocument doc = readBrat(brat(text, "T1\tCITY " + b + " " + (b + 6) + "\tКазани\r\n"),
                AlignmentPolicy.FAIL, new ReadReport()).orElseThrow();
        assertEquals(2, doc.sentences().size());
        assertEquals(1, doc.mentions().size());
    }

    @Test
    void invalidUtf8NamesByteOffset() throws IOException {
        byte[] bytes = "Путин\nпосетил ".getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, bad, 0, bytes.length);
        bad[bytes.length] = (byte) 0xC3;
        Files.write(dir.resolve("d.txt"), bad);
        Files.writeString(dir.resolve("d.ann"), "");
        ReaderException e = failsBrat(dir.resolve("d"));
        assertTrue(e.getMessage().contains("d.txt:2: expected UTF-8 text, found invalid byte 0xC3 at byte offset "
                + bytes.length), e.getMessage());
        ReadReport r = new ReadReport();
        assertTrue(readBrat(dir.resolve("d"), AlignmentPolicy.SKIP_DOCUMENT, r).isEmpty());
        assertEquals(1, r.get("skipped.invalid_encoding"));
    }

    @Test
    void unmappedTypeIsAnError() throws IOException {
        Path base = brat(TEXT, "T1\tCITY 14 20\tКазань\n");
        ReaderException e = assertThrows(ReaderException.class, () -> new BratParser(AlignmentPolicy.SKIP_DOCUMENT,
                LabelMapping.resource("bsnlp-ru"), new ReadReport()).read(base));
        assertTrue(e.getMessage().contains("d.ann:1:") && e.getMessage().contains("'CITY'"), e.getMessage());
    }

    private Path factRuEval(String tokens, String spans, String objects) throws IOException {
        Files.writeString(dir.resolve("book_9.txt"), "Путин посетил Казань.");
        Files.writeString(dir.resolve("book_9.tokens"), tokens);
        Files.writeString(dir.resolve("book_9.spans"), spans);
        Files.writeString(dir.resolve("book_9.objects"), objects);
        return dir.resolve("book_9");
    }

    private static final String TOKENS = "1 0 5 Путин\n2 6 7 посетил\n3 14 6 Казань\n4 20 1 .\n";

    @Test
    void factRuEvalTokenTextMismatch() throws IOException {
        Path base = factRuEval("1 0 5 Путин\n2 6 7 посетил\n3 14 6 Москва\n", "", "");
        ReaderException e = assertThrows(ReaderException.class, () -> new FactRuEvalParser(AlignmentPolicy.FAIL,
                LabelMapping.identity(), new ReadReport()).read(base));
        assertTrue(e.getMessage().contains("book_9.tokens:3: [3] token_text_mismatch: expected 'Москва', found 'Казань'"),
                e.getMessage());
    }

    @Test
    void factRuEvalUnknownObjectSpan() throws IOException {
        Path base = factRuEval(TOKENS, "10 loc_name 14 6 3 1  # 3 Казань\n", "20 Location 10 11 # Казань\n");
        ReaderException e = assertThrows(ReaderException.class, () -> new FactRuEvalParser(AlignmentPolicy.FAIL,
                LabelMapping.identity(), new ReadReport()).read(base));
        assertTrue(e.getMessage().contains("book_9.objects:1: [20] unknown_span"), e.getMessage());
        assertTrue(e.getMessage().contains("found '11'"), e.getMessage());
        ReadReport r = new ReadReport();
        CorpusDocument doc = new FactRuEvalParser(AlignmentPolicy.SKIP_ANNOTATION, LabelMapping.identity(), r)
                .read(base).orElseThrow();
        assertEquals(0, doc.mentions().size());
        assertEquals(1, r.get("skipped.unknown_span"));
    }

    @Test
    void factRuEvalSpanInsideToken() throws IOException {
        Path base = factRuEval(TOKENS, "10 loc_name 14 3 3 1  # 3 Каз\n", "");
        ReaderException e = assertThrows(ReaderException.class, () -> new FactRuEvalParser(AlignmentPolicy.FAIL,
                LabelMapping.identity(), new ReadReport()).read(base));
        assertTrue(e.getMessage().contains("book_9.spans:1: [10] not_on_token_boundary"), e.getMessage());
    }

    @Test
    void bsnlpOutWithoutTxt() throws Exception {
        Path out = dir.resolve("topic/annotated/ru/x.out");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "ru-1\nПутин\tПутин\tPER\tPER-Putin\n");
        CollectionReader reader = createReader(BsnlpReader.class, BsnlpReader.PARAM_SOURCE_LOCATION, dir.toString());
        CollectionException e = assertThrows(CollectionException.class, reader::hasNext);
        assertTrue(e.getCause().getMessage().contains("raw/ru/x.txt: missing_file"), e.getCause().getMessage());

        CollectionReader skipping = createReader(BsnlpReader.class, BsnlpReader.PARAM_SOURCE_LOCATION, dir.toString(),
                BsnlpReader.PARAM_ALIGNMENT_POLICY, AlignmentPolicy.SKIP_DOCUMENT);
        assertEquals(0, ReaderTestSupport.readAll(skipping).size());
        assertEquals(1, ReaderTestSupport.report(skipping).get("documents.skipped"));
    }

    @Test
    void bsnlpRawFileWithoutHeader() throws IOException {
        Path out = dir.resolve("t/annotated/ru/x.out");
        Path txt = dir.resolve("t/raw/ru/x.txt");
        Files.createDirectories(out.getParent());
        Files.createDirectories(txt.getParent());
        Files.writeString(out, "ru-1\n");
        Files.writeString(txt, "ru-1\nru\n");
        ReaderException e = assertThrows(ReaderException.class, () -> new BsnlpParser(AlignmentPolicy.FAIL,
                LabelMapping.identity(), new ReadReport()).read(out));
        // the raw file has two lines, and the message says so (it used to say line 3 and '3 line(s)')
        assertTrue(e.getMessage().contains("x.txt:2: missing_header"), e.getMessage());
        assertTrue(e.getMessage().endsWith("found '2 line(s)'"), e.getMessage());
    }
}
