package io.github.bertner.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Strict numbers against an independent reference: {@code conlleval-cleanroom.pl}, a separately written perl
 * implementation of conlleval's counting loop (state machine over tokens, not span sets).
 */
class ConllevalCompatibilityTest {

    private static final String[] TYPES = {"PER", "LOC", "ORG", "MISC"};

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ConllevalCompatibilityTest.class.getResource("/eval/" + name).toURI());
    }

    private static String strictReport(List<EvalSentence> sentences) {
        EvalSettings settings = EvalSettings.builder().optMetrics(EnumSet.of(Metric.STRICT)).build();
        return ConsoleReport.format(Evaluator.evaluate(sentences, settings));
    }

    /** Mixed IOB1 / IOB2 / BIOES sentences with perturbed predictions; expected output committed. */
    @Test
    void syntheticFixtureMatchesReferenceOutput() throws Exception {
        List<EvalSentence> sentences = TagFiles.readConlleval(resource("perturbed-synthetic.conll"));
        String expected = Files.readString(resource("perturbed-synthetic.expected"), StandardCharsets.UTF_8);
        assertEquals(expected, strictReport(sentences));
    }

    /** CoNLL-2003 dev set (IOB1) with deterministically perturbed predictions, checked against perl live. */
    @Test
    void conll2003DevWithPerturbedPredictionsMatchesPerlReference(@TempDir Path tmp) throws Exception {
        Path testa = Path.of(System.getProperty("bertner.data.dir", "../shared/data"), "conll2003-en", "eng.testa");
        assumeTrue(Files.isRegularFile(testa), "CoNLL-2003 data not available: " + testa);
        assumeTrue(perlAvailable(), "perl not installed");
        List<String> lines = Files.readAllLines(testa, StandardCharsets.US_ASCII);
        SplittableRandom rng = new SplittableRandom(2003);
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (line.isBlank() || f[0].equals("-DOCSTART-")) {
                out.add(line);
                continue;
            }
            out.add(f[0] + " " + f[3] + " " + perturb(f[3], rng));
        }
        Path file = tmp.resolve("testa.perturbed");
        Files.write(file, out, StandardCharsets.UTF_8);
        String expected = runPerl(file);
        String actual = strictReport(TagFiles.readConlleval(file));
        // the perl reference, like conlleval, ignores -DOCSTART- here too, so even accuracy agrees
        assertEquals(expected, actual);
        assertEquals(expected.lines().count(), 6);
    }

    private static String perturb(String tag, SplittableRandom rng) {
        double r = rng.nextDouble();
        if (!tag.equals("O") && r < 0.05) {
            return tag.charAt(0) + "-" + TYPES[rng.nextInt(TYPES.length)];
        }
        if (!tag.equals("O") && r < 0.09) {
            return "O";
        }
        if (tag.equals("O") && r < 0.02) {
            return rng.nextBoolean() ? "I-MISC" : "B-ORG";
        }
        if (!tag.equals("O") && r < 0.13) {
            return (tag.charAt(0) == 'B' ? "I" : "B") + tag.substring(1);
        }
        return tag;
    }

    private static boolean perlAvailable() {
        try {
            Process p = new ProcessBuilder("perl", "-v").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String runPerl(Path input) throws Exception {
        Process p = new ProcessBuilder("perl", resource("conlleval-cleanroom.pl").toString())
                .redirectInput(input.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "perl reference failed");
        return out;
    }
}
