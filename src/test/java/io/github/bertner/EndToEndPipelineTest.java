package io.github.bertner;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.bertner.cli.Main;
import io.github.bertner.io.CorpusFormat;
import io.github.bertner.io.CorpusReaders;
import io.github.bertner.uima.GoldViewCopier;
import io.github.bertner.uima.NerEvaluator;
import io.github.bertner.uima.NerTagger;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.uima.collection.CollectionReaderDescription;
import org.apache.uima.fit.pipeline.SimplePipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The product's whole path on a small corpus, in the default test run: read CoNLL-2003 → train a tiny
 * model from scratch → tag (CLI and uimaFIT pipeline) → evaluate (CLI and evaluator engine).
 */
class EndToEndPipelineTest {

    private static final String[] FIRST = {"John", "Mary", "Peter", "Anna", "Olga", "Werner"};
    private static final String[] LAST = {"Smith", "Blackburn", "Ivanova", "Zwingmann", "Brown"};
    private static final String[] CITY = {"Paris", "London", "Bonn", "Moscow", "Berlin", "Brussels"};
    private static final String[] ORG = {"Reuters", "Microsoft", "Gazprom", "Siemens"};
    private static final String[] FILL = {"the", "man", "went", "to", "said", "that", "in", "on", "a", "city",
        "visited", "met", "with", "today", "spokesman", "for"};

    /** Writes an IOB1 CoNLL-2003 file of template sentences (adjacent same-type entities get B-). */
    private static Path corpus(Path dir, int documents, long seed) throws Exception {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < documents; d++) {
            sb.append("-DOCSTART- -X- -X- O\n\n");
            for (int s = 0; s < 8; s++) {
                String prevType = "O";
                int len = 5 + r.nextInt(7);
                for (int w = 0; w < len; w++) {
                    int k = r.nextInt(6);
                    List<String> words = new ArrayList<>();
                    String type;
                    if (k == 0) {
                        words.add(FIRST[r.nextInt(FIRST.length)]);
                        if (r.nextBoolean()) {
                            words.add(LAST[r.nextInt(LAST.length)]);
                        }
                        type = "PER";
                    } else if (k == 1) {
                        words.add(CITY[r.nextInt(CITY.length)]);
                        type = "LOC";
                    } else if (k == 2) {
                        words.add(ORG[r.nextInt(ORG.length)]);
                        type = "ORG";
                    } else {
                        words.add(FILL[r.nextInt(FILL.length)]);
                        type = "O";
                    }
                    for (int i = 0; i < words.size(); i++) {
                        String tag = type.equals("O") ? "O"
                                : (i == 0 && prevType.equals(type) ? "B-" : "I-") + type;
                        sb.append(words.get(i)).append(" NN O ").append(tag).append('\n');
                    }
                    prevType = type;
                }
                sb.append(". . O O\n\n");
            }
        }
        Path file = dir.resolve("corpus-" + seed + ".conll");
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        return file;
    }

    private static int run(StringWriter out, String... args) {
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        return cl.execute(args);
    }

    @Test
    void readTrainTagEvaluate(@TempDir Path dir) throws Exception {
        Path train = corpus(dir, 12, 1);
        Path test = corpus(dir, 3, 2);
        Path model = dir.resolve("model");

        StringWriter log = new StringWriter();
        assertEquals(0, run(log, "train", "--format", "conll2003", "--train", train.toString(), "--dev",
                test.toString(), "--preset", "tiny", "--vocab-size", "200", "--max-length", "48", "--epochs", "3",
                "--batch-size", "8", "--lr", "3e-3", "--seed", "7", "--out", model.toString()), log.toString());

        Path pred = dir.resolve("test.pred");
        assertEquals(0, run(log, "tag", "--model", model.toString(), "--input-format", "conll2003", "--out",
                pred.toString(), test.toString()), log.toString());
        List<String> lines = Files.readAllLines(pred);
        assertTrue(lines.stream().filter(l -> !l.isBlank()).allMatch(l -> l.split(" ").length == 3), "token gold pred");

        StringWriter eval = new StringWriter();
        assertEquals(0, run(eval, "evaluate", pred.toString()), eval.toString());
        double cliF1 = fb1(eval.toString());
        assertTrue(cliF1 > 50, "a tiny model learns the template corpus: strict FB1 " + cliF1 + "\n" + eval);

        // the same model in a plain uimaFIT pipeline: reader -> gold copier -> tagger -> evaluator
        Path report = dir.resolve("report");
        CollectionReaderDescription reader = CorpusReaders.create(CorpusFormat.CONLL2003, test,
                CorpusReaders.Options.builder().build());
        SimplePipeline.runPipeline(reader,
                createEngineDescription(GoldViewCopier.class),
                createEngineDescription(NerTagger.class, NerTagger.PARAM_MODEL_LOCATION, model.toString()),
                createEngineDescription(NerEvaluator.class, NerEvaluator.PARAM_REPORT_DIR, report.toString()));
        JsonObject json = JsonParser.parseString(Files.readString(report.resolve("report.json"))).getAsJsonObject();
        double engineF1 = json.getAsJsonObject("strict").getAsJsonObject("micro").get("f1").getAsDouble();
        assertEquals(cliF1, 100 * engineF1, 0.01, "CLI and UIMA pipeline see the same predictions");
        assertTrue(Files.exists(report.resolve("report.html")));
    }

    private static double fb1(String conllevalOutput) {
        for (String line : conllevalOutput.split("\n")) {
            int i = line.indexOf("FB1:");
            if (line.startsWith("accuracy:") && i >= 0) {
                return Double.parseDouble(line.substring(i + 4).trim());
            }
        }
        throw new AssertionError("no conlleval summary line in:\n" + conllevalOutput);
    }
}
