package io.github.bertner.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.uima.collection.CollectionException;
import org.apache.uima.resource.ResourceInitializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed input gives a clear error naming file, line and value, or a counted skip. */
class MalformedInputTest {

    private static final String DOC = "-DOCSTART- -X- O O\n\n";

    @TempDir
    Path dir;

    private Path write(String name, String content) throws Exception {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String name, byte[] content) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return file;
    }

    private ReaderException conllFailure(Path file, Object... extra) {
        return failure(Conll2003Reader.class, file, extra);
    }

    private ReaderException failure(Class<? extends ColumnCorpusReader> reader, Path file, Object... extra) {
        Object[] params = new Object[extra.length + 2];
        params[0] = ColumnCorpusReader.PARAM_SOURCE_LOCATION;
        params[1] = file.toString();
        System.arraycopy(extra, 0, params, 2, extra.length);
        CollectionException e = assertThrows(CollectionException.class, () -> CorpusRun.read(reader, params));
        return assertInstanceOf(ReaderException.class, e.getCause());
    }

    private CorpusRun.Result read(Class<? extends ColumnCorpusReader> reader, Path file, Object... extra)
            throws Exception {
        Object[] params = new Object[extra.length + 2];
        params[0] = ColumnCorpusReader.PARAM_SOURCE_LOCATION;
        params[1] = file.toString();
        System.arraycopy(extra, 0, params, 2, extra.length);
        return CorpusRun.read(reader, params);
    }

    @Test
    void wrongColumnCount() throws Exception {
        Path f = write("cols.conll", DOC + "EU NNP I-NP I-ORG\nrejects VBZ I-VP\n\n");
        ReaderException e = conllFailure(f);
        assertEquals("cols.conll:4: expected 4 space-separated columns, found 3: 'rejects VBZ I-VP'", e.getMessage());
        assertEquals(4, e.line());
    }

    @Test
    void tabSeparatorsInConll2003() throws Exception {
        Path f = write("tabs.conll", DOC + "EU\tNNP\tI-NP\tI-ORG\n\n");
        ReaderException e = conllFailure(f);
        assertTrue(e.getMessage().startsWith("tabs.conll:3: expected 4 space-separated columns, found 1: 'EU\tNNP"),
                e.getMessage());
        assertTrue(e.getMessage().contains("TAB characters are not column separators"), e.getMessage());
    }

    @Test
    void trailingGarbageColumnAndDoubleSpaces() throws Exception {
        Path f = write("garbage.conll", DOC + "EU NNP I-NP I-ORG xyz\n\n");
        assertEquals("garbage.conll:3: expected 4 space-separated columns, found 5: 'EU NNP I-NP I-ORG xyz'",
                conllFailure(f).getMessage());
        Path g = write("double.conll", DOC + "EU NNP  I-NP I-ORG\n\n");
        assertTrue(conllFailure(g).getMessage().startsWith("double.conll:3: expected 4 space-separated columns, found 5"));
    }

    @Test
    void unknownTagPrefix() throws Exception {
        Path f = write("prefix.conll", DOC + "EU NNP I-NP X-ORG\n\n");
        ReaderException e = conllFailure(f);
        assertTrue(e.getMessage().startsWith("prefix.conll:3: expected a tag O or <prefix>-<type>"), e.getMessage());
        assertTrue(e.getMessage().endsWith("found 'X-ORG'"), e.getMessage());
    }

    @Test
    void unknownTagPrefixSkippedAndCounted() throws Exception {
        Path f = write("prefix.conll", DOC + "EU NNP I-NP X-ORG\nsays VBZ I-VP O\n\n");
        CorpusRun.Result r = read(Conll2003Reader.class, f,
                ColumnCorpusReader.PARAM_ALIGNMENT_POLICY, AlignmentPolicy.SKIP_ANNOTATION);
        assertEquals(1, r.report().get("skipped.unknown-tag"));
        assertEquals(List.of(), r.docs().get(0).entities());
        assertEquals("EU says", r.docs().get(0).text());
    }

    @Test
    void invalidIob1SequenceStrictFailsLenientPolicyCounts() throws Exception {
        Path f = write("seq.conll", DOC + "the DT I-NP O\nAtlanta NNP I-NP B-MISC\n\n");
        ReaderException e = conllFailure(f, ColumnCorpusReader.PARAM_DECODE_MODE, "STRICT");
        assertTrue(e.getMessage().startsWith("seq.conll:4: expected a valid IOB1 sequence"), e.getMessage());
        assertTrue(e.getMessage().endsWith("found 'B-MISC'"), e.getMessage());
        CorpusRun.Result r = read(Conll2003Reader.class, f, ColumnCorpusReader.PARAM_DECODE_MODE, "STRICT",
                ColumnCorpusReader.PARAM_ALIGNMENT_POLICY, AlignmentPolicy.SKIP_ANNOTATION);
        assertEquals(1, r.report().get("skipped.invalid-tag-sequence"));
        assertEquals(List.of("Atlanta/MISC"), r.docs().get(0).entities());
    }

    @Test
    void iAfterOInStrictIob2ForWnut() throws Exception {
        Path f = write("wnut.conll", "I\tO\nlove\tO\nYork\tI-location\n\n");
        ReaderException e = failure(Wnut17Reader.class, f, ColumnCorpusReader.PARAM_DECODE_MODE, "STRICT");
        assertTrue(e.getMessage().startsWith("wnut.conll:3: expected a valid IOB2 sequence"), e.getMessage());
        assertTrue(e.getMessage().endsWith("found 'I-location'"), e.getMessage());
        CorpusRun.Result r = read(Wnut17Reader.class, f, ColumnCorpusReader.PARAM_DECODE_MODE, "LENIENT");
        assertEquals(List.of("York/location"), r.docs().get(0).entities());
        assertEquals(1, r.report().get("quirks.repairedTags"));
    }

    @Test
    void emptyFile() throws Exception {
        Path f = write("empty.conll", "");
        assertEquals("empty.conll:1: expected at least one token line, found none (0 lines)",
                conllFailure(f).getMessage());
        Path blank = write("blank.txt", "\n\t\n");
        assertTrue(failure(Wnut17Reader.class, blank).getMessage()
                .startsWith("blank.txt:2: expected at least one token line, found none (2 lines)"));
        CorpusRun.Result r = read(Conll2003Reader.class, f,
                ColumnCorpusReader.PARAM_ALIGNMENT_POLICY, AlignmentPolicy.SKIP_DOCUMENT);
        assertEquals(0, r.docs().size());
        assertEquals(1, r.report().get("skipped.empty-file"));
    }

    @Test
    void byteOrderMarkIsStrippedAndCounted() throws Exception {
        Path f = write("bom.conll", "\uFEFF" + DOC + "EU NNP I-NP I-ORG\n\n");
        CorpusRun.Result r = read(Conll2003Reader.class, f);
        assertEquals(1, r.report().get("quirks.bom"));
        assertEquals(1, r.docs().size());
        assertEquals(List.of("EU/ORG"), r.docs().get(0).entities());
    }

    @Test
    void crlfIsAcceptedAndCounted() throws Exception {
        Path f = write("crlf.txt", "Jon\tB-person\r\nsays\tO\r\n\r\nhi\tO\r\n\r\n");
        CorpusRun.Result r = read(Wnut17Reader.class, f);
        assertEquals(5, r.report().get("quirks.crlfLines"));
        assertEquals(2, r.docs().size());
        assertEquals("Jon says", r.docs().get(0).text());
        assertEquals(List.of("Jon/person"), r.docs().get(0).entities());
    }

    @Test
    void invalidUtf8NamesFileLineAndByteOffset() throws Exception {
        byte[] head = (DOC + "EU NNP I-NP I-ORG\n").getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 12];
        System.arraycopy(head, 0, bytes, 0, head.length);
        byte[] bad = {'M', (byte) 0xC3, '(', ' ', 'N', 'N', ' ', 'O', ' ', 'O', '\n', '\n'};
        System.arraycopy(bad, 0, bytes, head.length, bad.length);
        Path f = write("latin.conll", bytes);
        ReaderException e = conllFailure(f);
        assertEquals("latin.conll:4: expected UTF-8 text, found invalid byte 0xC3 at byte offset " + (head.length + 1),
                e.getMessage());
        CorpusRun.Result r = read(Conll2003Reader.class, f,
                ColumnCorpusReader.PARAM_ALIGNMENT_POLICY, AlignmentPolicy.SKIP_DOCUMENT);
        assertEquals(1, r.report().get("skipped.encoding"));
        assertEquals(0, r.docs().size());
    }

    @Test
    void missingFinalBlankLineIsAcceptedAndCounted() throws Exception {
        Path f = write("nofinal.conll", DOC + "EU NNP I-NP I-ORG");
        CorpusRun.Result r = read(Conll2003Reader.class, f);
        assertEquals(1, r.report().get("quirks.missingFinalBlankLine"));
        assertEquals(List.of("EU/ORG"), r.docs().get(0).entities());
    }

    @Test
    void wnutWrongColumnCountSkipsSentenceOrDocument() throws Exception {
        Path f = write("w.conll", "a\tO\n\nb\tO\textra\nc\tO\n\nd\tB-person\n\n");
        ReaderException e = failure(Wnut17Reader.class, f);
        assertEquals("w.conll:3: expected 2 TAB-separated columns (TOKEN<TAB>TAG), found 3: 'b\tO\textra'",
                e.getMessage());
        CorpusRun.Result r = read(Wnut17Reader.class, f,
                ColumnCorpusReader.PARAM_ALIGNMENT_POLICY, AlignmentPolicy.SKIP_ANNOTATION);
        assertEquals(List.of("w.conll#1", "w.conll#3"), r.docs().stream().map(CorpusRun.Doc::id).toList());
        assertEquals(1, r.report().get("skipped.malformed-line"));
        assertEquals(2, r.report().get("sentences"));
    }

    @Test
    void skipDocumentDropsOnlyTheBrokenDocument() throws Exception {
        Path f = write("docs.conll", DOC + "EU NNP I-NP\n\n" + DOC + "Bonn NNP I-NP I-LOC\n\n");
        CorpusRun.Result r = read(Conll2003Reader.class, f,
                ColumnCorpusReader.PARAM_ALIGNMENT_POLICY, AlignmentPolicy.SKIP_DOCUMENT);
        assertEquals(List.of("docs.conll#2"), r.docs().stream().map(CorpusRun.Doc::id).toList());
        ReadIssue issue = r.report().issues().get(0);
        assertEquals("docs.conll", issue.file());
        assertEquals(3, issue.line());
        assertEquals("document skipped", issue.action());
    }

    @Test
    void unmappedTypeIsAnErrorAndDashDrops() throws Exception {
        Path mapping = write("map.tsv", "# test\nPER\tPER\nLOC\t-\n");
        Path f = write("map.conll", DOC + "Bonn NNP I-NP I-LOC\nPeter NNP I-NP I-PER\n\n");
        CorpusRun.Result r = read(Conll2003Reader.class, f, ColumnCorpusReader.PARAM_LABEL_MAPPING, mapping.toString());
        assertEquals(List.of("Peter/PER"), r.docs().get(0).entities());
        assertEquals(1, r.report().get("entities.dropped.LOC"));
        Path g = write("unmapped.conll", DOC + "EU NNP I-NP I-ORG\n\n");
        ReaderException e = conllFailure(g, ColumnCorpusReader.PARAM_LABEL_MAPPING, mapping.toString());
        assertTrue(e.getMessage().startsWith("unmapped.conll:3: label mapping"), e.getMessage());
        assertTrue(e.getMessage().contains("'ORG'"), e.getMessage());
    }

    @Test
    void badParametersFailAtInitialization() {
        assertThrows(ResourceInitializationException.class, () -> CorpusRun.read(Conll2003Reader.class,
                ColumnCorpusReader.PARAM_SOURCE_LOCATION, dir.resolve("missing").toString()));
        assertThrows(ResourceInitializationException.class, () -> CorpusRun.read(Conll2003Reader.class,
                ColumnCorpusReader.PARAM_SOURCE_LOCATION, Conll2003ReaderTest.SAMPLE.toString(),
                ColumnCorpusReader.PARAM_TAG_SCHEME, "XYZ"));
    }
}
