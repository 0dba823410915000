package io.github.bertner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs the {@code corpus} commands in-process and checks what they print. */
class CorpusCommandTest {

    private static final String CONLL = "src/test/resources/io/conll2003/sample.conll";
    private static final String WNUT = "src/test/resources/io/wnut17/sample.conll";

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void statsPrintsCountsPerType() {
        Run r = run("corpus", "stats", "--format", "conll2003", CONLL);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(CONLL + " [conll2003]"), r.out());
        assertTrue(r.out().matches("(?s).*documents +2\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*sentences +4\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*tokens +13\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*entities +7\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*    LOC +4\n.*"), r.out());
        assertTrue(r.out().contains("no issues"), r.out());
    }

    @Test
    void statsJsonWithMapping() {
        Run r = run("corpus", "stats", "--format", "wnut17", "--mapping", "wnut17-en", "--json", WNUT);
        assertEquals(0, r.code(), r.err());
        JsonArray results = JsonParser.parseString(r.out()).getAsJsonArray();
        JsonObject first = results.get(0).getAsJsonObject();
        assertEquals(3, first.get("documents").getAsInt());
        assertEquals(12, first.get("tokens").getAsInt());
        assertEquals(5, first.get("entities").getAsInt());
        assertEquals(2, first.getAsJsonObject("entitiesByType").get("PER").getAsInt());
        assertEquals(1, first.getAsJsonObject("counters").get("quirks.whitespaceBoundaryLines").getAsInt());
    }

    @Test
    void malformedInputExitsWithFileAndLine() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.conll"), "-DOCSTART- -X- O O\n\nEU NNP I-ORG\n\n");
        Run r = run("corpus", "stats", "--format", "conll2003", bad.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("error: bad.conll:3: expected 4 space-separated columns, found 3: 'EU NNP I-ORG'"),
                r.err());
        Run skip = run("corpus", "stats", "--format", "conll2003", "--policy", "skip_document", bad.toString());
        assertEquals(0, skip.code(), skip.err());
        assertTrue(skip.out().contains("1 issue(s)"), skip.out());
        assertTrue(skip.out().contains("skipped.malformed-line"), skip.out());
    }

    @Test
    void optionThatDoesNotApplyIsRejected() {
        Run r = run("corpus", "stats", "--format", "brat", "--input-scheme", "IOB2", WNUT);
        assertEquals(1, r.code());
        assertTrue(r.err().contains("does not apply to format brat"), r.err());
    }

    @Test
    void convertWritesConllAndXmi() throws Exception {
        Path conllOut = tmp.resolve("conll");
        Run r = run("corpus", "convert", "--format", "conll2003", "--to", "conll", "--scheme", "IOB2", CONLL,
                "--out", conllOut.toString());
        assertEquals(0, r.code(), r.err());
        String written = Files.readString(conllOut.resolve("sample.conll.conll"));
        assertTrue(written.startsWith("-DOCSTART- -X- -X- O\n\nEU NNP -X- B-ORG\n"), written);
        assertTrue(written.contains("Paris NNP -X- B-LOC\n"), written);
        Path xmiOut = tmp.resolve("xmi");
        Run x = run("corpus", "convert", "--format", "wnut17", "--to", "xmi", WNUT, "--out", xmiOut.toString());
        assertEquals(0, x.code(), x.err());
        assertTrue(Files.exists(xmiOut.resolve("sample.conll#1.xmi")));
        assertTrue(Files.exists(xmiOut.resolve("typesystem.xml")));
        assertTrue(x.out().contains("3 documents"), x.out());
    }

    @Test
    void statsOnRealEngTestb() {
        String dir = System.getProperty("bertner.data.dir");
        assumeTrue(dir != null && Files.isRegularFile(Path.of(dir, "conll2003-en/eng.testb")), "data absent");
        Run r = run("corpus", "stats", "--format", "conll2003", "--json", Path.of(dir, "conll2003-en/eng.testb").toString());
        assertEquals(0, r.code(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonArray().get(0).getAsJsonObject();
        assertEquals(231, o.get("documents").getAsInt());
        assertEquals(3453, o.get("sentences").getAsInt());
        assertEquals(46435, o.get("tokens").getAsInt());
        assertEquals(5648, o.get("entities").getAsInt());
        assertEquals(1617, o.getAsJsonObject("entitiesByType").get("PER").getAsInt());
    }
}
