package io.github.bertner.eval;

import com.google.gson.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bootstrap, paired test, report files and column-file readers. */
class ReportsAndBootstrapTest {

    private static List<EvalSentence> corpus(int n, boolean good) {
        List<EvalSentence> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> gold = List.of("B-PER", "I-PER", "O", "B-LOC", "O");
            List<String> pred = good || i % 3 != 0 ? gold : List.of("B-PER", "O", "O", "B-ORG", "O");
            out.add(new EvalSentence("s" + i, List.of("Ann", "Lee", "in", "Rome", "."), gold, pred));
        }
        return out;
    }

    @Test
    void bootstrapIntervalIsSeededAndBracketsTheEstimate() {
        EvalSettings s = EvalSettings.builder().optBootstrapSamples(1000).optSeed(7).build();
        EvaluationResult a = Evaluator.evaluate(corpus(60, false), s);
        EvaluationResult b = Evaluator.evaluate(corpus(60, false), s);
        ConfidenceInterval ci = a.strictF1Interval();
        assertEquals(ci, b.strictF1Interval());
        assertEquals(a.strict().micro().f1(), ci.estimate(), 1e-12);
        assertTrue(ci.lower() < ci.estimate() && ci.estimate() < ci.upper(), ci.toString());
        assertEquals(1000, ci.samples());
    }

    @Test
    void pairedTestSeparatesDifferentSystemsAndNotIdenticalOnes() {
        EvalSettings s = EvalSettings.builder().optBootstrapSamples(1000).build();
        List<EvalSentence> weak = corpus(90, false);
        List<EvalSentence> strong = corpus(90, true);
        EvaluationResult same = Evaluator.compare(weak, weak, "self", s);
        assertEquals(1.0, same.pairedTest().pValue(), 1e-12);
        EvaluationResult diff = Evaluator.compare(strong, weak, "weak", s);
        assertTrue(diff.pairedTest().delta() > 0);
        assertTrue(diff.pairedTest().pValue() < 0.01, diff.pairedTest().toString());
        List<EvalSentence> otherGold = new ArrayList<>(weak);
        otherGold.set(0, EvalSentence.ofTags("x", List.of("O", "O", "O", "O", "O"), List.of("O", "O", "O", "O", "O")));
        assertThrows(IllegalArgumentException.class, () -> Evaluator.compare(weak, otherGold, "x", s));
    }

    @Test
    void allReportsAreWrittenWithNaNAsNull(@TempDir Path dir) throws Exception {
        List<EvalSentence> sentences = new ArrayList<>(corpus(5, false));
        sentences.add(new EvalSentence("extra", List.of("x"), List.of("O"), List.of("S-misc-thing")));
        EvalSettings s = EvalSettings.builder().optGoldSource("gold.conll").optSystem("sys").optDate("2026-11-26")
                .optBootstrapSamples(1000).build();
        EvaluationResult r = Evaluator.evaluate(sentences, s);
        List<Path> files = ReportWriter.writeAll(r, dir);
        for (String name : List.of("report.json", "scores.csv", "report.html", "errors.tsv", "errors.html",
                "per-type-f1.png", "confusion-tokens.png", "confusion-entities.png", "confusion-token-tags.csv",
                "confusion-token-types.csv", "confusion-entities.csv")) {
            assertTrue(files.contains(dir.resolve(name)) && Files.size(dir.resolve(name)) > 0, name);
        }
        byte[] png = Files.readAllBytes(dir.resolve("confusion-tokens.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));

        String json = Files.readString(dir.resolve("report.json"));
        JsonObject root = com.google.gson.JsonParser.parseString(json).getAsJsonObject();
        JsonObject misc = root.getAsJsonObject("strict").getAsJsonObject("perType").getAsJsonObject("misc-thing");
        assertTrue(misc.get("recall").isJsonNull(), "NaN recall must be null: " + misc);
        assertEquals(0.0, misc.get("precision").getAsDouble());
        assertEquals("gold.conll", root.getAsJsonObject("provenance").get("goldSource").getAsString());
        assertEquals("2026-11-26", root.getAsJsonObject("provenance").get("date").getAsString());
        assertEquals("lenient", root.getAsJsonObject("settings").get("decoding").getAsString());
        assertTrue(root.getAsJsonObject("bootstrap").get("lower").getAsDouble() > 0);
        assertEquals(List.of("O", "LOC", "ORG", "PER", "misc-thing").toString(),
                root.getAsJsonObject("confusion").getAsJsonObject("tokenTypes").get("rows").toString()
                        .replace("\"", "").replace(",", ", "));

        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<img src=\"confusion-tokens.png\""));
        assertTrue(html.contains("n/a"));
        String tsv = Files.readString(dir.resolve("errors.tsv"));
        assertTrue(tsv.contains("type\tLOC\tORG\ts0\tRome\tRome\t[Ann Lee]PER in [Rome]LOC .\t[Ann]PER Lee in [Rome]ORG ."),
                tsv);
        assertTrue(tsv.contains("spurious\t-\tmisc-thing\textra"), tsv);
        assertTrue(tsv.indexOf("\ntype\tLOC") < tsv.indexOf("\nboundary\tPER\tPER\ts0\tAnn Lee\tAnn\t"), tsv);
        String csv = Files.readString(dir.resolve("scores.csv"));
        assertTrue(csv.startsWith("group,type,precision"));
        assertTrue(csv.contains("strict,misc-thing,0.0,NaN,0.0,0,0,0,0,1,1,0"), csv);
        String console = ConsoleReport.format(r);
        assertTrue(console.startsWith("processed 26 tokens with 10 phrases; found: 11 phrases; correct: 6.\n"),
                console);
        assertTrue(console.contains("misc-thing: precision:   0.00%; recall:   0.00%; FB1:   0.00  1"), console);
    }

    @Test
    void columnFilesAreReadAndMismatchesNamed(@TempDir Path dir) throws Exception {
        Path conlleval = dir.resolve("c.txt");
        Files.writeString(conlleval, "-DOCSTART- -X- O O\n\nUnited NNP B-LOC B-LOC\nStates NNP I-LOC I-LOC\n\n"
                + "Ann NNP B-PER O\n", StandardCharsets.UTF_8);
        List<EvalSentence> s = TagFiles.readConlleval(conlleval);
        assertEquals(2, s.size());
        assertEquals("c.txt:3", s.get(0).id());
        assertEquals(List.of("O"), s.get(1).pred());

        Files.writeString(conlleval, "a B-LOC B-LOC\nb X-LOC O\n", StandardCharsets.UTF_8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TagFiles.readConlleval(conlleval));
        assertTrue(e.getMessage().contains("c.txt:2") && e.getMessage().contains("X-LOC"), e.getMessage());

        Path gold = dir.resolve("gold.conll");
        Path pred = dir.resolve("pred.conll");
        Files.writeString(gold, "-DOCSTART- -X- -X- O\n\nAnn NNP B-NP B-PER\nLee NNP I-NP I-PER\n\nx X O O\n");
        Files.writeString(pred, "-DOCSTART- O\n\nAnn B-PER\nLee O\n\nx O\n");
        List<EvalSentence> pair = TagFiles.readPair(gold, pred);
        assertEquals(2, pair.size());
        assertEquals(List.of("B-PER", "I-PER"), pair.get(0).gold());
        assertEquals(List.of("B-PER", "O"), pair.get(0).pred());

        Files.writeString(pred, "-DOCSTART- O\n\nAnn B-PER\nLea O\n\nx O\n");
        e = assertThrows(IllegalArgumentException.class, () -> TagFiles.readPair(gold, pred));
        assertTrue(e.getMessage().contains("gold.conll:4") && e.getMessage().contains("pred.conll:4")
                && e.getMessage().contains("'Lea'"), e.getMessage());
    }
}
