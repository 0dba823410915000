package io.github.bertner.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.bertner.inference.NerPredictor;
import io.github.bertner.inference.SharedPredictors;
import io.github.bertner.inference.TinyModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TagCommandTest {

    @TempDir
    static Path tmp;

    private static Path modelDir;

    @BeforeAll
    static void writeModel() throws Exception {
        modelDir = TinyModels.write(tmp.resolve("model"), 32, 8, 11);
    }

    private static int run(String... args) {
        CommandLine cli = Main.newCommandLine();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        assertEquals(0, code, err.toString());
        return code;
    }

    @Test
    void conllInputGivesThreeColumnsWithGold() throws Exception {
        Path input = tmp.resolve("small.conll");
        Files.writeString(input, String.join("\n",
                "-DOCSTART- -X- -X- O",
                "",
                "peter NNP B-NP I-PER",
                "blackburn NNP I-NP I-PER",
                "visited VBD B-VP O",
                "bonn NNP B-NP I-LOC",
                ". . O O",
                "",
                "hi UH B-INTJ O",
                "",
                "-DOCSTART- -X- -X- O",
                "",
                "paris NNP B-NP I-LOC",
                "",
                ""), StandardCharsets.UTF_8);
        Path out = tmp.resolve("out/pred.conll");
        run("tag", "--model", modelDir.toString(), "--input-format", "conll2003", "--device", "cpu",
                "--batch-size", "2", "--out", out.toString(), input.toString());
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(List.of("peter", "blackburn", "visited", "bonn", ".", "", "hi", "", "paris", ""),
                lines.stream().map(l -> l.isEmpty() ? "" : l.split(" ")[0]).toList());
        assertEquals("B-PER", lines.get(0).split(" ")[1]);
        assertEquals("I-PER", lines.get(1).split(" ")[1]);
        assertEquals("B-LOC", lines.get(3).split(" ")[1]);
        for (String line : lines) {
            if (!line.isEmpty()) {
                String[] cols = line.split(" ");
                assertEquals(3, cols.length, line);
                assertTrue(cols[2].equals("O") || cols[2].matches("[BI]-(PER|LOC)"), line);
            }
        }
        // the evaluator reads the file directly
        run("evaluate", out.toString());
    }

    @Test
    void textInputGivesJsonLines() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("texts"));
        Files.writeString(folder.resolve("a.txt"), "peter visited bonn. he liked it.", StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("b.txt"), "paris is big.", StandardCharsets.UTF_8);
        Path out = tmp.resolve("out/pred.jsonl");
        run("tag", "--model", modelDir.toString(), "--input-format", "text", "--output-format", "jsonl",
                "--device", "cpu", "--out", out.toString(), folder.toString());
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(2, lines.size());
        JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals("a.txt", first.get("document").getAsString());
        assertTrue(first.has("entities"));
    }

    @Test
    void textInputGivesXmi() throws Exception {
        Path file = tmp.resolve("one.txt");
        Files.writeString(file, "peter visited bonn.", StandardCharsets.UTF_8);
        Path out = tmp.resolve("xmi");
        run("tag", "--model", modelDir.toString(), "--input-format", "text", "--output-format", "xmi",
                "--device", "cpu", "--out", out.toString(), file.toString());
        try (Stream<Path> files = Files.list(out)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().endsWith(".xmi")));
        }
    }

    @Test
    void unknownFormatIsAUsageError() {
        CommandLine cli = Main.newCommandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("tag", "--model", modelDir.toString(), "--input-format", "pdf",
                "--out", tmp.resolve("x").toString(), modelDir.toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("expected one of text, xmi, conll2003, wnut17"), err.toString());
    }

    @Test
    @Tag("slow")
    void fourThreadsWriteWhatOneThreadWritesAndLoadTheModelOnce() throws Exception {
        Path input = tmp.resolve("two-hundred.conll");
        StringBuilder corpus = new StringBuilder();
        Random random = new Random(5);
        long tokens = 0;
        for (int d = 0; d < 200; d++) {
            corpus.append("-DOCSTART- -X- -X- O\n\n");
            for (int s = 1 + random.nextInt(5); s > 0; s--) {
                for (String w : TinyModels.words(3 + random.nextInt(30), random)) {
                    corpus.append(w).append(" NN O O\n");
                    tokens++;
                }
                corpus.append('\n');
            }
        }
        Files.writeString(input, corpus, StandardCharsets.UTF_8);
        // JSON lines: the confidences are written in full, so any difference in the scores would show
        Path one = tmp.resolve("threads-1.jsonl");
        Path four = tmp.resolve("threads-4.jsonl");
        run("tag", "--model", modelDir.toString(), "--input-format", "conll2003", "--output-format", "jsonl",
                "--device", "cpu", "--batch-size", "4", "--threads", "1", "--out", one.toString(), input.toString());
        long loads = NerPredictor.loadCount();
        int held = SharedPredictors.held();
        run("tag", "--model", modelDir.toString(), "--input-format", "conll2003", "--output-format", "jsonl",
                "--device", "cpu", "--batch-size", "4", "--threads", "4", "--out", four.toString(), input.toString());
        assertEquals(loads + 1, NerPredictor.loadCount(), "four tagger threads load the model once");
        assertEquals(held, SharedPredictors.held(), "the model is closed after the run");
        List<String> lines = Files.readAllLines(one, StandardCharsets.UTF_8);
        assertEquals(200, lines.size(), "one line per document");
        long entities = lines.stream().mapToLong(l -> JsonParser.parseString(l).getAsJsonObject()
                .getAsJsonArray("entities").size()).sum();
        assertTrue(entities > tokens / 4, "the random model tags entities: " + entities + " in " + tokens + " tokens");
        assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(four), "output of --threads 4");
    }

    @Test
    void textInputWithThreadsKeepsTheFileOrder() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("many-texts"));
        Random random = new Random(8);
        for (int f = 0; f < 40; f++) {
            // capitalised sentence starts: BreakIterator splits "x. Y", not "x. y"
            Files.writeString(folder.resolve(String.format("%02d.txt", f)), "The "
                    + String.join(" ", TinyModels.words(5 + random.nextInt(40), random)) + ". The "
                    + String.join(" ", TinyModels.words(5 + random.nextInt(40), random)) + ".", StandardCharsets.UTF_8);
        }
        Path one = tmp.resolve("text-1.jsonl");
        Path three = tmp.resolve("text-3.jsonl");
        run("tag", "--model", modelDir.toString(), "--output-format", "jsonl", "--device", "cpu", "--threads", "1",
                "--out", one.toString(), folder.toString());
        run("tag", "--model", modelDir.toString(), "--output-format", "jsonl", "--device", "cpu", "--threads", "3",
                "--out", three.toString(), folder.toString());
        List<String> lines = Files.readAllLines(three, StandardCharsets.UTF_8);
        assertEquals(40, lines.size());
        for (int f = 0; f < 40; f++) {
            assertEquals(String.format("%02d.txt", f),
                    JsonParser.parseString(lines.get(f)).getAsJsonObject().get("document").getAsString());
        }
        assertEquals(Files.readString(one, StandardCharsets.UTF_8), Files.readString(three, StandardCharsets.UTF_8));
    }

    @Test
    void factRuEvalGoldTakesTheChosenExtent() throws Exception {
        Path corpus = Path.of("src/test/resources/io/factrueval");
        Path object = tmp.resolve("factru-object.conll");
        Path names = tmp.resolve("factru-names.conll");
        run("tag", "--model", modelDir.toString(), "--input-format", "factrueval", "--device", "cpu",
                "--out", object.toString(), corpus.toString());
        run("tag", "--model", modelDir.toString(), "--input-format", "factrueval", "--extent", "names",
                "--device", "cpu", "--out", names.toString(), corpus.toString());
        // "мэрию Москвы" is an Org object without an org_name span: ORG then LOC (outermost kept) as an object,
        // only the LocOrg "Москвы" by names
        assertEquals(List.of("мэрию B-ORG", "Москвы I-ORG"), goldOf(object, "мэрию", "Москвы"));
        assertEquals(List.of("мэрию O", "Москвы B-LOC"), goldOf(names, "мэрию", "Москвы"));
        assertEquals(List.of("Газпрому B-ORG"), goldOf(names, "Газпрому"));
    }

    private static List<String> goldOf(Path conll, String... tokens) throws Exception {
        List<String> wanted = List.of(tokens);
        return Files.readAllLines(conll, StandardCharsets.UTF_8).stream().filter(l -> !l.isEmpty())
                .map(l -> l.split(" ")).filter(c -> wanted.contains(c[0])).map(c -> c[0] + " " + c[1]).toList();
    }

    @Test
    void extentWithAnotherInputFormatIsAUsageError() {
        CliRun.run("tag", "--model", modelDir.toString(), "--input-format", "conll2003", "--extent", "names",
                "--out", tmp.resolve("e").toString(), modelDir.toString())
                .assertError(2, "--extent", "factrueval only", "conll2003");
    }

    @Test
    void zeroThreadsIsAUsageError() {
        CliRun.run("tag", "--model", modelDir.toString(), "--threads", "0", "--out", tmp.resolve("z").toString(),
                modelDir.toString()).assertError(2, "--threads", "0");
    }

    @Test
    void documentBatchesGiveTheEntitiesOfOneDocumentAtATime() throws Exception {
        Path input = tmp.resolve("posts.conll");
        StringBuilder corpus = new StringBuilder();
        Random random = new Random(21);
        for (int d = 0; d < 150; d++) {
            // one short sentence per document, like a WNUT-17 post
            corpus.append("-DOCSTART- -X- -X- O\n\n");
            for (String w : TinyModels.words(2 + random.nextInt(12), random)) {
                corpus.append(w).append(" NN O O\n");
            }
            corpus.append('\n');
        }
        Files.writeString(input, corpus, StandardCharsets.UTF_8);
        Path single = tmp.resolve("batch-1.jsonl");
        Path batched = tmp.resolve("batch-64.jsonl");
        Path batchedThreads = tmp.resolve("batch-64-threads-3.jsonl");
        for (Object[] run : new Object[][] {{single, "1", "1"}, {batched, "64", "1"}, {batchedThreads, "64", "3"}}) {
            run("tag", "--model", modelDir.toString(), "--input-format", "conll2003", "--output-format", "jsonl",
                    "--device", "cpu", "--batch-size", "8", "--batch-documents", (String) run[1], "--threads",
                    (String) run[2], "--out", run[0].toString(), input.toString());
        }
        assertArrayEquals(Files.readAllBytes(batched), Files.readAllBytes(batchedThreads),
                "batches are formed in input order, so threads do not change the output");
        List<String> a = Files.readAllLines(single, StandardCharsets.UTF_8);
        List<String> b = Files.readAllLines(batched, StandardCharsets.UTF_8);
        assertEquals(150, a.size());
        assertEquals(150, b.size());
        int entities = 0;
        for (int d = 0; d < a.size(); d++) {
            JsonObject x = JsonParser.parseString(a.get(d)).getAsJsonObject();
            JsonObject y = JsonParser.parseString(b.get(d)).getAsJsonObject();
            assertEquals(x.get("document"), y.get("document"));
            assertEquals(x.getAsJsonArray("entities").size(), y.getAsJsonArray("entities").size(), "document " + d);
            for (int e = 0; e < x.getAsJsonArray("entities").size(); e++) {
                JsonObject p = x.getAsJsonArray("entities").get(e).getAsJsonObject();
                JsonObject q = y.getAsJsonArray("entities").get(e).getAsJsonObject();
                for (String key : List.of("begin", "end", "type", "text")) {
                    assertEquals(p.get(key), q.get(key), "document " + d + " entity " + e + " " + key);
                }
                assertEquals(p.get("confidence").getAsDouble(), q.get("confidence").getAsDouble(), 1e-5,
                        "same scores up to the rounding of the batch's shape");
                entities++;
            }
        }
        assertTrue(entities > 50, "the random model tags entities: " + entities);
    }

    @Test
    void zeroBatchDocumentsIsAUsageError() {
        CliRun.run("tag", "--model", modelDir.toString(), "--batch-documents", "0", "--out",
                tmp.resolve("z").toString(), modelDir.toString()).assertError(2, "--batch-documents", "0");
    }
}
