package io.github.bertner.cli;

import static io.github.bertner.cli.ErrorCase.dir;
import static io.github.bertner.cli.ErrorCase.of;
import static io.github.bertner.cli.ErrorCase.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import io.github.bertner.io.BratReader;
import io.github.bertner.io.FactRuEvalReader;
import io.github.bertner.io.OffsetCorpusReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.uima.collection.CollectionReader;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to {@code corpus stats} and {@code corpus convert}, i.e. to every corpus reader: each case
 * must end with exit 1 (input) or 2 (usage), one {@code error:} line naming the file, the line or record
 * and the bad value, and no stack trace.
 */
class CorpusErrorsTest {

    private static final Path FX = ErrorCase.fixtures("corpus");
    private static final String GOOD = "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\n\n";
    private static final String RAW = "ru-1\nru\n2019-01-01\nhttp://x\nTitle Bonn\nBody Bonn.\n";

    private static String f(String name, String content) {
        return write(FX.resolve(name), content).toString();
    }

    private static String f(String name, byte[] content) {
        return write(FX.resolve(name), content).toString();
    }

    private static List<String> stats(String format, String... rest) {
        List<String> a = new ArrayList<>(List.of("corpus", "stats", "--format", format));
        a.addAll(List.of(rest));
        return a;
    }

    private static String brat(String name, String txt, String ann) {
        Path d = dir(FX.resolve(name));
        if (txt != null) {
            write(d.resolve("a.txt"), txt);
        }
        if (ann != null) {
            write(d.resolve("a.ann"), ann);
        }
        return d.toString();
    }

    private static String bsnlp(String name, String raw, String out) {
        Path d = dir(FX.resolve(name));
        if (raw != null) {
            write(d.resolve("raw/ru/d1.txt"), raw);
        }
        if (out != null) {
            write(d.resolve("annotated/ru/d1.out"), out);
        }
        return d.toString();
    }

    private static String fre(String name, String txt, String tokens, String spans, String objects) {
        Path d = dir(FX.resolve(name));
        String[][] files = {{"txt", txt}, {"tokens", tokens}, {"spans", spans}, {"objects", objects}};
        for (String[] file : files) {
            if (file[1] != null) {
                write(d.resolve("b." + file[0]), file[1]);
            }
        }
        return d.toString();
    }

    static Stream<ErrorCase> cases() {
        String good = f("good.conll", GOOD);
        byte[] latin = "EU NNP I-NP I-ORG\nM\u00c3( NN O O\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        latin[19] = (byte) 0xC3;
        latin[20] = '(';
        return Stream.of(
                of("conll: three columns", 1, stats("conll2003", f("cols.conll", "-DOCSTART- -X- O O\n\nEU NNP I-ORG\n\n")),
                        "cols.conll:3", "expected 4 space-separated columns, found 3", "'EU NNP I-ORG'"),
                of("conll: unknown tag prefix", 1, stats("conll2003", f("badtag.conll", "EU NNP I-NP X-ORG\n\n")),
                        "badtag.conll:1", "found 'X-ORG'"),
                of("conll: NUL in a token", 1, stats("conll2003", f("nul.conll", "EU NNP I-NP I-ORG\nre\0jects VBZ I-VP O\n\n")),
                        "nul.conll:2", "U+0000", "column 3"),
                of("conll: form feed in a token", 1, stats("conll2003", f("ff.conll", "EU\f NNP I-NP I-ORG\n\n")),
                        "ff.conll:1", "U+000C"),
                of("conll: empty file", 1, stats("conll2003", f("empty.conll", "")),
                        "empty.conll:1", "expected at least one token line, found none (0 lines)"),
                of("conll: blank lines only", 1, stats("conll2003", f("blank.conll", "\n\n  \n")),
                        "blank.conll:3", "(3 lines)"),
                of("conll: invalid UTF-8", 1, stats("conll2003", f("latin.conll", latin)),
                        "latin.conll:2", "invalid byte 0xC3 at byte offset 19"),
                of("conll: no such file", 1, stats("conll2003", FX.resolve("nosuch.conll").toString()),
                        "nosuch.conll", "found none"),
                of("conll: empty folder", 1, stats("conll2003", dir(FX.resolve("emptydir")).toString()),
                        "emptydir", "no corpus files found"),
                of("conll: strict IOB2 on IOB1 tags", 1, stats("conll2003", "--strict", "--input-scheme", "IOB2", good),
                        "good.conll:3", "found 'I-ORG'"),
                of("conll: mapping without the type", 1, stats("conll2003", "--mapping", "wnut17-en", good),
                        "good.conll:3", "'wnut17-en'", "'ORG'"),
                of("conll: unknown mapping", 1, stats("conll2003", "--mapping", "nosuch-map", good),
                        "'nosuch-map'"),
                of("wnut17: empty tag type", 1, stats("wnut17", f("w.conll", "EU\tB-ORG\nx\tB-\n\n")),
                        "w.conll:2", "found 'B-'"),
                of("wnut17: three columns", 1, stats("wnut17", f("w3.conll", "EU\tB-ORG\tX\n\n")),
                        "w3.conll:1", "found 3"),
                of("wnut17: control character", 1, stats("wnut17", f("w4.conll", "E\u0007U\tB-ORG\n\n")),
                        "w4.conll:1", "U+0007"),
                of("format: unknown", 2, stats("xyz", good), "--format", "'xyz'"),
                of("policy: unknown", 2, stats("conll2003", "--policy", "maybe", good), "--policy", "'maybe'"),
                of("scheme: unknown", 2, stats("conll2003", "--input-scheme", "XX", good), "--input-scheme", "'XX'"),
                of("encoding: unknown", 2, stats("conll2003", "--encoding", "NOPE", good), "--encoding", "'NOPE'"),
                of("convert: unknown target", 2, List.of("corpus", "convert", "--format", "conll2003", "--to", "pdf",
                        "--out", FX.resolve("o").toString(), good), "--to", "'pdf'"),
                of("convert: --out is a file", 2, List.of("corpus", "convert", "--format", "conll2003", "--to", "conll",
                        "--out", good, good), "--out", "good.conll"),
                of("convert: unknown style", 2, List.of("corpus", "convert", "--format", "conll2003", "--to", "conll",
                        "--style", "fancy", "--out", FX.resolve("o").toString(), good), "--style", "'fancy'"),
                of("convert xmi: NUL in a token", 1, List.of("corpus", "convert", "--format", "conll2003", "--to", "xmi",
                        "--out", FX.resolve("xo").toString(), FX.resolve("nul.conll").toString()), "nul.conll:2", "U+0000"),
                of("brat: .txt without .ann", 1, stats("brat", brat("brat-noann", "Hi Bonn.\n", null)),
                        "a.ann", "missing_file", "no such file"),
                of("brat: .ann without .txt", 1, stats("brat", brat("brat-notxt", null, "T1\tLOC 3 7\tBonn\n")),
                        "a.txt", "missing_file"),
                of("brat: empty folder", 1, stats("brat", dir(FX.resolve("brat-empty")).toString()),
                        "brat-empty", "expected at least one document", "found none"),
                of("brat: UTF-16 offsets after an emoji", 1, stats("brat", brat("brat-utf16",
                        "x \uD83D\uDE00 Bonn.\n", "T1\tLOC 5 9\tBonn\n")), "a.ann:1", "[T1]", "expected 'Bonn'", "found 'onn.'"),
                of("brat: duplicate id", 1, stats("brat", brat("brat-dup", "Hi Bonn.\n",
                        "T1\tLOC 3 7\tBonn\nT1\tLOC 0 2\tHi\n")), "a.ann:2", "[T1]", "duplicate_id", "line 1"),
                of("brat: offset past the end", 1, stats("brat", brat("brat-range", "Hi Bonn.\n", "T1\tLOC 3 70\tBonn\n")),
                        "a.ann:1", "[T1]", "'3 70'", "(code points)"),
                of("brat: text mismatch", 1, stats("brat", brat("brat-text", "Hi Bonn.\n", "T1\tLOC 3 7\tBerlin\n")),
                        "a.ann:1", "expected 'Berlin'", "found 'Bonn'"),
                of("brat: no TAB before the text", 1, stats("brat", brat("brat-tab", "Hi Bonn.\n", "T1\tLOC 3 7 Bonn\n")),
                        "a.ann:1", "[T1]", "malformed_line"),
                of("brat: NUL in the text", 1, stats("brat", brat("brat-nul", "Hi\0 Bonn.\n", "T1\tLOC 4 8\tBonn\n")),
                        "a.txt:1", "U+0000"),
                of("brat: type missing from the mapping", 1, stats("brat", "--mapping", "bsnlp-ru",
                        brat("brat-map", "Hi Bonn.\n", "T1\tCITYX 3 7\tBonn\n")), "a.ann:1", "'CITYX'"),
                of("factrueval: document without .tokens", 1, stats("factrueval", fre("fre-notok", "Bonn x\n", null, "", "")),
                        "b.tokens", "missing_file"),
                of("factrueval: document without .spans", 1, stats("factrueval", fre("fre-nospan", "Bonn x\n",
                        "1 0 4 Bonn\n", null, "")), "b.spans", "missing_file"),
                of("factrueval: token text mismatch", 1, stats("factrueval", fre("fre-tok", "Bonn x\n",
                        "1 0 4 Bonn\n2 5 1 y\n", "", "")), "b.tokens:2", "[2]", "expected 'y'", "found 'x'"),
                of("factrueval: UTF-16 offsets after an emoji", 1, stats("factrueval", fre("fre-utf16",
                        "\uD83D\uDE00 Bonn\n", "1 0 1 \uD83D\uDE00\n2 3 4 Bonn\n", "", "")), "b.tokens:2", "[2]",
                        "expected 'Bonn'"),
                of("factrueval: span on unknown token boundary", 1, stats("factrueval", fre("fre-span", "Bonn x\n",
                        "1 0 4 Bonn\n2 5 1 x\n", "7 loc_name 1 3 1 1 # Bonn\n", "")), "b.spans:1", "[7]"),
                of("factrueval: object with unknown span", 1, stats("factrueval", fre("fre-obj", "Bonn x\n",
                        "1 0 4 Bonn\n2 5 1 x\n", "7 loc_name 0 4 1 1 # Bonn\n", "20 Location 8 # Bonn\n")),
                        "b.objects:1", "[20]", "8"),
                of("factrueval: empty folder", 1, stats("factrueval", dir(FX.resolve("fre-empty")).toString()),
                        "fre-empty", "found none"),
                of("bsnlp: raw file without .out", 1, stats("bsnlp", bsnlp("bs-noout", RAW, null)),
                        "d1.out", "missing_file"),
                of("bsnlp: .out without its header", 1, stats("bsnlp", bsnlp("bs-nohead", RAW, "Bonn\tBonn\tLOC\tLOC-Bonn\n")),
                        "d1.out:1", "missing_header", "'ru-1'", "Bonn"),
                of("bsnlp: header id of another document", 1, stats("bsnlp", bsnlp("bs-id", RAW,
                        "ru-7\nBonn\tBonn\tLOC\tLOC-Bonn\n")), "d1.out:1", "id_mismatch", "'ru-1'", "'ru-7'"),
                of("bsnlp: raw file of two lines", 1, stats("bsnlp", bsnlp("bs-short", "ru-1\nru\n",
                        "ru-1\nBonn\tBonn\tLOC\tLOC-Bonn\n")), "d1.txt:2", "at least 5 lines", "'2 line(s)'"),
                of("bsnlp: empty folder", 1, stats("bsnlp", dir(FX.resolve("bs-empty")).toString()),
                        "bs-empty", "found none"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGivesOneErrorLine(ErrorCase c) {
        CliRun.run(c.args()).assertError(c.code(), c.fragments().toArray(new String[0]));
    }

    @Test
    void controlCharactersAreReplacedAndCountedUnderASkipPolicy() {
        String file = f("nul-skip.conll", "EU NNP I-NP I-ORG\nre\0jects VBZ I-VP O\n\n");
        CliRun r = CliRun.run("corpus", "stats", "--format", "conll2003", "--policy", "skip_annotation", "--json", file)
                .assertOk();
        assertTrue(r.out().contains("\"text.control_chars_replaced\": 1"), r.out());
        assertTrue(r.out().contains("\"tokens\": 2"), r.out());
    }

    @Test
    void missingCompanionIsACountedSkipUnderSkipDocument() {
        Path d = dir(FX.resolve("brat-skip"));
        write(d.resolve("a.txt"), "Hi Bonn.\n");
        write(d.resolve("a.ann"), "T1\tLOC 3 7\tBonn\n");
        write(d.resolve("b.txt"), "Lone text.\n");
        CliRun r = CliRun.run("corpus", "stats", "--format", "brat", "--policy", "skip_document", "--json",
                d.toString()).assertOk();
        assertTrue(r.out().contains("\"documents\": 1"), r.out());
        assertTrue(r.out().contains("\"documents.skipped\": 1"), r.out());
        assertTrue(r.out().contains("\"skipped.missing_file\": 1"), r.out());
    }

    @Test
    void bratOffsetsAreCodePoints() throws Exception {
        // "x 😀 Bonn": Bonn starts at code point 4, UTF-16 index 5
        String d = brat("brat-cp", "x \uD83D\uDE00 Bonn.\n", "T1\tLOC 4 8\tBonn\n");
        List<NamedEntity> entities = entities(CollectionReaderFactory.createReader(BratReader.class,
                OffsetCorpusReader.PARAM_SOURCE_LOCATION, d));
        assertEquals(1, entities.size());
        assertEquals(5, entities.get(0).getBegin());
        assertEquals(9, entities.get(0).getEnd());
        assertEquals("Bonn", entities.get(0).getCoveredText());
    }

    @Test
    void factRuEvalOffsetsAreCodePoints() throws Exception {
        String d = fre("fre-cp", "\uD83D\uDE00 Bonn\n", "1 0 1 \uD83D\uDE00\n2 2 4 Bonn\n",
                "7 loc_name 2 4 2 1 # Bonn\n", "20 Location 7 # Bonn\n");
        List<NamedEntity> entities = entities(CollectionReaderFactory.createReader(FactRuEvalReader.class,
                OffsetCorpusReader.PARAM_SOURCE_LOCATION, d));
        assertEquals(1, entities.size());
        assertEquals(3, entities.get(0).getBegin());
        assertEquals("Bonn", entities.get(0).getCoveredText());
    }

    private static List<NamedEntity> entities(CollectionReader reader) throws Exception {
        JCas jcas = JCasFactory.createJCas();
        List<NamedEntity> out = new ArrayList<>();
        while (reader.hasNext()) {
            jcas.reset();
            reader.getNext(jcas.getCas());
            out.addAll(JCasUtil.select(jcas, NamedEntity.class));
        }
        return out;
    }

    @Test
    void xmiConversionUnderSkipPolicyWritesReplacedText() throws Exception {
        String file = f("nul-xmi.conll", "EU NNP I-NP I-ORG\nre\0jects VBZ I-VP O\n\n");
        Path out = FX.resolve("nul-xmi-out");
        CliRun.run("corpus", "convert", "--format", "conll2003", "--to", "xmi", "--policy", "skip_annotation",
                "--out", out.toString(), file).assertOk();
        try (Stream<Path> files = Files.list(out)) {
            Path xmi = files.filter(p -> p.toString().endsWith(".xmi")).findFirst().orElseThrow();
            assertTrue(Files.size(xmi) > 0);
            assertTrue(Files.readString(xmi).contains("re\uFFFDjects"));
        }
    }
}
