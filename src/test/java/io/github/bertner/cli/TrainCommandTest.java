package io.github.bertner.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainCommandTest {

    private static final String CONLL = "src/test/resources/training/mini.conll";

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    @Tag("slow")
    void trainFromScratchThenEvaluateTest(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path model = dir.resolve("m");
        int rc = run(out, err, "train", "--train", "conll2003+conll2003-en:" + CONLL, "--dev", "conll2003:" + CONLL,
                "--test", "conll2003:" + CONLL, "--preset", "tiny", "--vocab-size", "120", "--max-length", "32",
                "--epochs", "1", "--max-steps", "2", "--batch-size", "4", "--lr", "1e-3", "--out", model.toString());
        assertEquals(0, rc, err.toString());
        assertTrue(out.toString().contains("training finished"), out.toString());
        assertTrue(out.toString().contains("processed"), "test evaluation printed: " + out);
        assertTrue(Files.exists(model.resolve("model.safetensors")));
        assertTrue(Files.exists(model.resolve("test-report").resolve("report.json")));
    }

    @Test
    @Tag("slow")
    void readingChoicesApplyToTheCorporaThatTakeThem(@TempDir Path dir) throws Exception {
        // brat takes --mentions (the lower-case EVENT 'сообщила: всё' is left out and counted); the CoNLL dev
        // corpus takes neither option and is read as it is
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = run(out, err, "train", "--train", "brat:src/test/resources/io/brat/doc1.txt", "--mentions", "capitalized",
                "--dev", "conll2003+conll2003-en:" + CONLL, "--preset", "tiny", "--vocab-size", "120",
                "--max-length", "32", "--epochs", "1", "--max-steps", "1", "--batch-size", "4",
                "--out", dir.resolve("m").toString());
        assertEquals(0, rc, err.toString());
        assertTrue(err.toString().contains("entities.lowercase_dropped.EVENT"), err.toString());
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = run(out, err, "train", "--format", "conll2003", "--train", "no/such.conll", "--out", dir.toString());
        assertTrue(rc != 0);
        assertTrue(err.toString().contains("no/such.conll"), err.toString());
    }

    @Test
    void vocabCommandWritesVocab(@TempDir Path dir) throws Exception {
        Path txt = dir.resolve("a.txt");
        Files.writeString(txt, "Peter Blackburn went to Brussels .\nThe European Commission said so .\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = run(out, err, "vocab", "--text", txt.toString(), "--size", "60", "--out", dir.resolve("v").toString());
        assertEquals(0, rc, err.toString());
        assertTrue(Files.readAllLines(dir.resolve("v").resolve("vocab.txt")).contains("[MASK]"));
    }

    @Test
    void helpEverywhere() {
        for (String cmd : new String[] {"train", "pretrain", "vocab"}) {
            StringWriter out = new StringWriter();
            assertEquals(0, run(out, new StringWriter(), cmd, "--help"));
            assertTrue(out.toString().contains("Usage: bertner " + cmd), out.toString());
        }
    }
}
