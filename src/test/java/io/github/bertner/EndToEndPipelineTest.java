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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.uima.collection.CollectionReaderDescription;
import org.apache.uima.fit.pipeline.SimplePipeline;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The product's whole path on a small corpus, in the default test run: read CoNLL-2003 → train a tiny
 * model from scratch → tag (CLI and uimaFIT pipeline) → evaluate (CLI and evaluator engine).
 */
@Tag("slow")
class EndToEndPipelineTest {

    private static int run(StringWriter out, String... args) {
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        return cl.execute(args);
    }

    @Test
    void readTrainTagEvaluate(@TempDir Path dir) throws Exception {
        Path train = SyntheticConll.write(dir, 12, 1);
        Path test = SyntheticConll.write(dir, 3, 2);
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
