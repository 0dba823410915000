package io.github.bertner.cli;

import io.github.bertner.experiment.CorpusRef;
import io.github.bertner.io.CorpusFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentCommandTest {

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    @Tag("slow")
    void runsASpecPrintingOneLinePerRunThenSkipsIt(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("one.json");
        Files.writeString(spec, "{\"name\": \"one\", \"format\": \"conll2003\", \"mapping\": \"conll2003-en\","
                + " \"train\": [\"src/test/resources/training/mini.conll\"],"
                + " \"test\": {\"sample\": [\"src/test/resources/io/conll2003/sample.conll\"]},"
                + " \"parameters\": {\"preset\": \"tiny\", \"vocab-size\": 120, \"max-length\": 32, \"epochs\": 1,"
                + " \"max-steps\": 1, \"batch-size\": 4, \"lr\": 1e-3}}");
        Path out = dir.resolve("out");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        assertEquals(0, run(o, e, "experiment", "run", spec.toString(), "--out", out.toString()), e.toString());
        assertTrue(o.toString().contains("experiment one: 1 runs (0 finished before)"), o.toString());
        assertTrue(o.toString().contains("[1/1] setting 1 (default) seed 42: training in "), o.toString());
        assertTrue(o.toString().contains("[1/1] setting 1 (default) seed 42: done in "), o.toString());
        assertTrue(o.toString().contains("epoch 1 done"), "training progress inside the run: " + o);
        assertTrue(Files.exists(out.resolve("results/results.md")));

        StringWriter o2 = new StringWriter();
        assertEquals(0, run(o2, new StringWriter(), "experiment", "run", spec.toString(), "--out", out.toString(), "--dry-run"));
        assertTrue(o2.toString().contains("1 runs (1 finished before)"), o2.toString());
        assertTrue(o2.toString().contains(" (finished)"), o2.toString());

        StringWriter o3 = new StringWriter();
        assertEquals(0, run(o3, new StringWriter(), "experiment", "run", spec.toString(), "--out", out.toString()));
        assertTrue(o3.toString().contains("finished before, skipped; sample strict F1 "), o3.toString());
    }

    @Test
    void badSpecIsNamed(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("bad.json");
        Files.writeString(spec, "{\"name\": \"bad\", \"train\": [\"conll2003:x\"], \"test\": [\"conll2003:y\"], \"grid\": {\"lr\": 1}}");
        StringWriter e = new StringWriter();
        assertEquals(1, run(new StringWriter(), e, "experiment", "run", spec.toString()));
        assertEquals("error: " + spec + ": grid.lr: expected an array of values, found 1", e.toString().trim());
    }

    @Test
    void corpusSyntaxIsTrains() {
        String[][] cases = {
            {"eng.train", "CONLL2003", "conll2003-en", "eng.train"},
            {"wnut17:emerging.dev.conll", "WNUT17", "conll2003-en", "emerging.dev.conll"},
            {"wnut17+wnut17-en:a/b.conll", "WNUT17", "wnut17-en", "a/b.conll"},
            {"dir/with:colon.conll", "CONLL2003", "conll2003-en", "dir/with:colon.conll"},
            {"factrueval+my-map.tsv:../shared/data/factRuEval-2016/testset", "FACTRUEVAL", "my-map.tsv",
                "../shared/data/factRuEval-2016/testset"}};
        for (String[] c : cases) {
            CorpusRef train = TrainingCorpusOptions.parse(c[0], CorpusFormat.CONLL2003, "conll2003-en");
            CorpusRef ref = CorpusRef.parse(c[0], CorpusFormat.CONLL2003, "conll2003-en");
            assertEquals(new CorpusRef(CorpusFormat.valueOf(c[1]), c[2], null, java.nio.file.Path.of(c[3])), train,
                    c[0]);
            assertEquals(train, ref, c[0]);
        }
        assertEquals("a: no corpus format; use --format or write format:path", assertThrows(
                IllegalArgumentException.class, () -> TrainingCorpusOptions.parse("a", null, null)).getMessage());
    }
}
