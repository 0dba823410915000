package io.github.bertner.cli;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;

import org.apache.uima.cas.impl.XmiCasSerializer;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bertner evaluate} in-process. */
class EvaluateCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void conllevalFilePrintsConllevalLinesThenRelaxed(@TempDir Path dir) throws Exception {
        Path fixture = Path.of(getClass().getResource("/eval/perturbed-synthetic.conll").toURI());
        String expected = Files.readString(Path.of(getClass().getResource("/eval/perturbed-synthetic.expected")
                .toURI()));
        assertEquals(0, run("evaluate", fixture.toString(), "--report", dir.toString(), "--bootstrap", "1000"),
                err.toString());
        String text = out.toString();
        String[] expectedLines = expected.split("\n");
        assertTrue(text.startsWith(expectedLines[0] + "\n" + expectedLines[1] + "\n"), text);
        assertTrue(text.contains("relaxed (entity tokens, boundaries ignored)"), text);
        assertTrue(text.indexOf("relaxed") > text.indexOf("creative-work"), text);
        assertTrue(text.contains("FB1 95% bootstrap interval"), text);
        assertTrue(Files.exists(dir.resolve("report.html")));
        assertTrue(Files.exists(dir.resolve("errors.tsv")));
    }

    @Test
    void goldAndPredFilesMustShareTokens(@TempDir Path dir) throws Exception {
        Path gold = dir.resolve("gold.conll");
        Path pred = dir.resolve("pred.conll");
        Path pred2 = dir.resolve("pred2.conll");
        Files.writeString(gold, "Ann B-PER\nLee I-PER\nsaw O\nRome B-LOC\n");
        Files.writeString(pred, "Ann B-PER\nLee I-PER\nsaw O\nRome B-ORG\n");
        Files.writeString(pred2, "Ann B-PER\nLee O\nsaw O\nRome O\n");
        assertEquals(0, run("evaluate", "--gold", gold.toString(), "--pred", pred.toString(), "--metrics",
                "strict", "--compare", pred2.toString()), err.toString());
        assertTrue(out.toString().startsWith("processed 4 tokens with 2 phrases; found: 2 phrases; correct: 1.\n"
                + "accuracy:  75.00%; precision:  50.00%; recall:  50.00%; FB1:  50.00\n"), out.toString());
        assertTrue(out.toString().contains("paired bootstrap vs"), out.toString());
        assertTrue(!out.toString().contains("relaxed"), out.toString());

        Files.writeString(pred, "Ann B-PER\nLie I-PER\nsaw O\nRome B-ORG\n");
        assertEquals(1, run("evaluate", "--gold", gold.toString(), "--pred", pred.toString()));
        assertTrue(err.toString().contains("gold.conll:2") && err.toString().contains("pred.conll:2"),
                err.toString());
    }

    @Test
    void typesScoresASubsetAndSaysWhatItReadsAsOutside(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tagged.conll");
        // token, gold, predicted: PER right, MISC gold missed, a spurious MISC, LOC right
        Files.writeString(file, "Ann B-PER B-PER\nsaw O B-MISC\nEuro B-MISC O\nin O O\nRome B-LOC B-LOC\n");
        assertEquals(0, run("evaluate", file.toString(), "--metrics", "strict", "--types", "PER,LOC"), err.toString());
        assertEquals("processed 5 tokens with 2 phrases; found: 2 phrases; correct: 2.\n"
                + "accuracy: 100.00%; precision: 100.00%; recall: 100.00%; FB1: 100.00\n"
                + "              LOC: precision: 100.00%; recall: 100.00%; FB1: 100.00  1\n"
                + "              PER: precision: 100.00%; recall: 100.00%; FB1: 100.00  1\n", out.toString());
        assertEquals("scoring types LOC, PER only; read as O: MISC (1 gold, 1 predicted tokens)\n",
                err.toString().replace("\r", ""));

        assertEquals(1, run("evaluate", file.toString(), "--types", "PER,PRE"));
        assertTrue(err.toString().contains("--types: type 'PRE' is in neither the gold tags nor the predictions; "
                + "found LOC, MISC, PER"), err.toString());
        assertEquals(2, run("evaluate", file.toString(), "--types", "B-PER"));
        assertTrue(err.toString().contains("--types: expected entity type names such as PER,LOC,ORG, found 'B-PER'"),
                err.toString());
    }

    @Test
    void xmiFoldersAreMatchedByFileName(@TempDir Path dir) throws Exception {
        Path goldDir = Files.createDirectories(dir.resolve("gold"));
        Path predDir = Files.createDirectories(dir.resolve("pred"));
        writeXmi(goldDir.resolve("a.xmi"), "a", "LOC");
        writeXmi(predDir.resolve("a.xmi"), "a", "ORG");
        assertEquals(0, run("evaluate", "--gold", goldDir.toString(), "--pred", predDir.toString()), err.toString());
        assertTrue(out.toString().startsWith("processed 3 tokens with 2 phrases; found: 2 phrases; correct: 1.\n"),
                out.toString());
    }

    private static void writeXmi(Path file, String id, String cityType) throws Exception {
        String text = "Ann in Rome";
        JCas jcas = JCasFactory.createJCas();
        jcas.setDocumentText(text);
        DocumentMetaData meta = DocumentMetaData.create(jcas);
        meta.setDocumentId(id);
        new Sentence(jcas, 0, text.length()).addToIndexes();
        new Token(jcas, 0, 3).addToIndexes();
        new Token(jcas, 4, 6).addToIndexes();
        new Token(jcas, 7, 11).addToIndexes();
        NamedEntity per = new NamedEntity(jcas, 0, 3);
        per.setValue("PER");
        per.addToIndexes();
        NamedEntity city = new NamedEntity(jcas, 7, 11);
        city.setValue(cityType);
        city.addToIndexes();
        try (OutputStream os = Files.newOutputStream(file)) {
            XmiCasSerializer.serialize(jcas.getCas(), os);
        }
        assertTrue(Files.readString(file, StandardCharsets.UTF_8).contains("NamedEntity"));
    }
}
