package io.github.bertner.cli;

import static io.github.bertner.cli.ErrorCase.dir;
import static io.github.bertner.cli.ErrorCase.of;
import static io.github.bertner.cli.ErrorCase.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.type.ScoredNamedEntity;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.uima.cas.impl.XmiCasSerializer;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to {@code evaluate}, and the cases where it used to answer wrongly: {@code -DOCSTART-} in only
 * one of --gold/--pred, gold entities left in tagged XMI, empty files, NaN where conlleval prints 0.00.
 */
class EvaluateErrorsTest {

    private static final Path FX = ErrorCase.fixtures("evaluate");
    private static final String GOLD = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP I-ORG\nrejects VBZ B-VP O\n"
            + "German JJ B-NP I-MISC\n\n-DOCSTART- -X- -X- O\n\nPeter NNP B-NP I-PER\n\n";
    /** What {@code tag} writes without --docstart: token gold predicted, no -DOCSTART-. */
    private static final String PRED = "EU I-ORG B-ORG\nrejects O O\nGerman I-MISC O\n\nPeter I-PER B-PER\n\n";

    private static String f(String name, String content) {
        return write(FX.resolve(name), content).toString();
    }

    private static List<String> cmd(String... args) {
        return List.of(args);
    }

    static Stream<ErrorCase> cases() {
        String gold = f("gold.conll", GOLD);
        String pred = f("pred.conll", PRED);
        byte[] bad = "EU B-ORG B-ORG\nM\u00e9 O O\n".getBytes(StandardCharsets.UTF_8);
        bad[17] = '!';
        String badUtf8 = write(FX.resolve("latin.txt"), bad).toString();
        String folder = dir(FX.resolve("folder")).toString();
        Path goldXmi = dir(FX.resolve("gx"));
        writeXmi(goldXmi.resolve("a.xmi"), "a", false);
        Path otherXmi = dir(FX.resolve("ox"));
        writeXmi(otherXmi.resolve("b.xmi"), "b", false);
        Path brokenXmi = dir(FX.resolve("bx"));
        write(brokenXmi.resolve("a.xmi"), "<?xml version=\"1.0\"?>\n<xmi:XMI\n  oops");
        return Stream.of(
                of("empty file", 1, cmd("evaluate", f("empty.txt", "")), "empty.txt", "found an empty file"),
                of("blank lines only", 1, cmd("evaluate", f("blank.txt", "\n \n\n")), "blank.txt",
                        "found 3 line(s) without tokens"),
                of("two columns", 1, cmd("evaluate", f("two.txt", "EU B-ORG\n")), "two.txt:1", "at least 3 columns",
                        "'EU B-ORG'"),
                of("column count changes", 1, cmd("evaluate", f("cols.txt", "EU B-ORG B-ORG\nx y O O\n")), "cols.txt:2",
                        "expected 3 columns", "'x y O O'"),
                of("bad tag", 1, cmd("evaluate", f("tag.txt", "EU B-ORG Z-ORG\n")), "tag.txt:1", "'Z-ORG'"),
                of("invalid UTF-8", 1, cmd("evaluate", badUtf8), "latin.txt:2", "invalid byte 0xC3 at byte offset 16"),
                of("no such file", 1, cmd("evaluate", FX.resolve("nosuch.txt").toString()), "nosuch.txt", "found none"),
                of("pair: token differs", 1, cmd("evaluate", "--gold", gold, "--pred", f("p-tok.conll",
                        "EU I-ORG B-ORG\nrejected O O\nGerman I-MISC O\n\nPeter I-PER B-PER\n")), "p-tok.conll:2",
                        "expected token 'rejects'", "found 'rejected'"),
                of("pair: pred shorter", 1, cmd("evaluate", "--gold", gold, "--pred", f("p-short.conll",
                        "EU I-ORG B-ORG\nrejects O O\nGerman I-MISC O\n")), "gold.conll:9", "expected the end of the file",
                        "'Peter NNP B-NP I-PER'"),
                of("pair: sentence boundary differs", 1, cmd("evaluate", "--gold", gold, "--pred", f("p-sent.conll",
                        "EU I-ORG B-ORG\nrejects O O\n\nGerman I-MISC O\n\nPeter I-PER B-PER\n")), "gold.conll:5",
                        "expected a sentence boundary", "p-sent.conll:3", "'German JJ B-NP I-MISC'"),
                of("pair: pred line without tag", 1, cmd("evaluate", "--gold", gold, "--pred", f("p-notag.conll",
                        "EU\nrejects O O\nGerman I-MISC O\n\nPeter I-PER B-PER\n")), "p-notag.conll:1",
                        "at least 2 columns"),
                of("pair: pred tag invalid", 1, cmd("evaluate", "--gold", gold, "--pred", f("p-badtag.conll",
                        "EU I-ORG B_ORG\nrejects O O\nGerman I-MISC O\n\nPeter I-PER B-PER\n")), "p-badtag.conll:1",
                        "'B_ORG'"),
                of("pair: gold empty", 1, cmd("evaluate", "--gold", f("g-empty.conll", ""), "--pred", pred),
                        "g-empty.conll", "found an empty file"),
                of("pair: gold is only -DOCSTART-", 1, cmd("evaluate", "--gold", f("g-doc.conll",
                        "-DOCSTART- -X- -X- O\n\n"), "--pred", pred), "g-doc.conll", "without tokens"),
                of("FILE and --gold", 2, cmd("evaluate", pred, "--gold", gold), "found both"),
                of("only --gold", 2, cmd("evaluate", "--gold", gold), "found only --gold"),
                of("neither", 2, cmd("evaluate"), "found neither"),
                of("file and folder", 2, cmd("evaluate", "--gold", gold, "--pred", folder), "both files or both folders",
                        "folder"),
                of("--bootstrap 100", 2, cmd("evaluate", "--bootstrap", "100", pred), "--bootstrap", "1000",
                        "found 100"),
                of("--bootstrap -1", 2, cmd("evaluate", "--bootstrap", "-1", pred), "--bootstrap", "found -1"),
                of("--scheme unknown", 2, cmd("evaluate", "--scheme", "fancy", pred), "fancy"),
                of("--metrics unknown", 2, cmd("evaluate", "--metrics", "strict,speed", pred), "speed"),
                of("--bootstrap not a number", 2, cmd("evaluate", "--bootstrap", "many", pred), "--bootstrap", "'many'"),
                of("xmi: gold folder without .xmi", 1, cmd("evaluate", "--gold", folder, "--pred", goldXmi.toString()),
                        "folder", "expected .xmi files, found none"),
                of("xmi: pred folder without .xmi", 1, cmd("evaluate", "--gold", goldXmi.toString(), "--pred", folder),
                        "folder", "expected .xmi files, found none"),
                of("xmi: no matching prediction", 1, cmd("evaluate", "--gold", goldXmi.toString(), "--pred",
                        otherXmi.toString()), "a.xmi", "documentId 'a'", "found neither"),
                of("xmi: malformed", 1, cmd("evaluate", "--gold", brokenXmi.toString(), "--pred", goldXmi.toString()),
                        "a.xmi", "expected a UIMA XMI file"),
                of("--compare: no such file", 1, cmd("evaluate", pred, "--compare", FX.resolve("nosuch2.txt").toString()),
                        "nosuch2.txt", "found none"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGivesOneErrorLine(ErrorCase c) {
        CliRun.run(c.args()).assertError(c.code(), c.fragments().toArray(new String[0]));
    }

    @Test
    void docstartInGoldOnlyIsIgnored() {
        CliRun r = CliRun.run("evaluate", "--gold", f("g2.conll", GOLD), "--pred", f("p2.conll", PRED),
                "--metrics", "strict").assertOk();
        // gold IOB1 and predicted IOB2 spell the same entities; German is missed
        assertTrue(r.out().startsWith("processed 4 tokens with 3 phrases; found: 2 phrases; correct: 2.\n"), r.out());
    }

    @Test
    void undefinedRatiosPrintAsConllevalDoes() {
        CliRun r = CliRun.run("evaluate", "--metrics", "strict", f("nopred.txt", "EU B-ORG O\nx O O\n")).assertOk();
        assertEquals("processed 2 tokens with 1 phrases; found: 0 phrases; correct: 0.\n"
                + "accuracy:  50.00%; precision:   0.00%; recall:   0.00%; FB1:   0.00\n"
                + "              ORG: precision:   0.00%; recall:   0.00%; FB1:   0.00  0\n", r.out());
    }

    @Test
    void macroAveragesStandBesideMicro() {
        // ORG: 1 of 1 found (F1 1); PER: 0 of 1 found, 1 spurious (F1 0) -> macro F1 50.00, micro F1 50.00
        // LOC never predicted -> precision counted as 0 -> macro over 3 types
        CliRun r = CliRun.run("evaluate", "--metrics", "strict,relaxed,semeval", f("macro.txt",
                "EU B-ORG B-ORG\nAnn B-PER O\nBob O B-PER\nRome B-LOC O\n")).assertOk();
        assertTrue(r.out().contains("  macro (3 types): precision:  33.33%; recall:  33.33%; FB1:  33.33\n"), r.out());
        assertTrue(r.out().contains("macro average over 3 type(s)"), r.out());
    }

    @Test
    void helpPrintsNoPicocliWarnings() {
        // picocli's warnings about an unescaped % go to System.err, not to the command line's writer
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        CliRun r;
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            r = CliRun.run("evaluate", "--help");
            for (String cmd : new String[] {"corpus stats", "corpus convert", "train", "tag", "pretrain", "vocab"}) {
                List<String> args = new java.util.ArrayList<>(List.of(cmd.split(" ")));
                args.add("--help");
                CliRun.run(args).assertOk();
            }
        } finally {
            System.setErr(saved);
        }
        r.assertOk();
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
        assertEquals("", r.err());
        assertTrue(r.out().replaceAll("\\s+", " ").contains("for a 95% interval of strict F1"), r.out());
    }

    @Test
    void taggedXmiCountsOnlyTheTaggersEntities() {
        // the tagger's XMI output keeps the gold NamedEntity of its input next to its ScoredNamedEntity
        Path gold = dir(FX.resolve("rt-gold"));
        Path pred = dir(FX.resolve("rt-pred"));
        writeXmi(gold.resolve("a.xmi"), "a", false);
        writeXmi(pred.resolve("a.xmi"), "a", true);
        CliRun r = CliRun.run("evaluate", "--metrics", "strict", "--gold", gold.toString(), "--pred", pred.toString())
                .assertOk();
        assertTrue(r.out().startsWith("processed 3 tokens with 2 phrases; found: 1 phrases; correct: 1.\n"), r.out());
        assertTrue(r.err().contains("2 other NamedEntity annotation(s)"), r.err());
    }

    /** "Ann in Rome" with gold PER and LOC; tagged adds one ScoredNamedEntity PER, as NerTagger would. */
    private static void writeXmi(Path file, String id, boolean tagged) {
        try {
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
            NamedEntity loc = new NamedEntity(jcas, 7, 11);
            loc.setValue("LOC");
            loc.addToIndexes();
            if (tagged) {
                ScoredNamedEntity s = new ScoredNamedEntity(jcas, 0, 3);
                s.setValue("PER");
                s.setConfidence(0.9);
                s.addToIndexes();
            }
            try (OutputStream os = Files.newOutputStream(file)) {
                XmiCasSerializer.serialize(jcas.getCas(), os);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
