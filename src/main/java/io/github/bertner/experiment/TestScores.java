package io.github.bertner.experiment;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.bertner.eval.ReportWriter;
import io.github.bertner.eval.Score;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The scores of one run on one test set, read back from the run's own report ({@code report.json}) and
 * per-sentence counts, so that results tables are always computed from what the runs wrote.
 *
 * @param strict     strict (conlleval) micro counts
 * @param relaxed    relaxed (token-level) micro counts
 * @param perType    strict counts per entity type
 * @param ciLower    lower bound of the run's 95% bootstrap interval of strict F1
 * @param ciUpper    upper bound of that interval
 * @param sentences  strict counts {correct, predicted, gold} per sentence key, in test-set order
 */
public record TestScores(Score strict, Score relaxed, SortedMap<String, Score> perType, double ciLower,
                         double ciUpper, Map<String, long[]> sentences) {

    /** Copies the maps. */
    public TestScores {
        perType = Collections.unmodifiableSortedMap(new TreeMap<>(perType));
        sentences = Collections.unmodifiableMap(new LinkedHashMap<>(sentences));
    }

    /**
     * Reads a test report folder written by the runner.
     *
     * @param dir the folder with {@code report.json} and {@code sentences.tsv}
     * @return the scores
     * @throws IOException when a file is missing or malformed (the message names it)
     */
    static TestScores read(Path dir) throws IOException {
        Path json = dir.resolve(ReportWriter.JSON);
        JsonObject root;
        try {
            root = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
            Score strict = score(root.getAsJsonObject("strict").getAsJsonObject("micro"));
            Score relaxed = score(root.getAsJsonObject("relaxed").getAsJsonObject("micro"));
            SortedMap<String, Score> perType = new TreeMap<>();
            JsonObject types = root.getAsJsonObject("strict").getAsJsonObject("perType");
            for (String t : types.keySet()) {
                perType.put(t, score(types.getAsJsonObject(t)));
            }
            JsonObject boot = root.getAsJsonObject("bootstrap");
            double lower = boot == null ? Double.NaN : number(boot.get("lower"));
            double upper = boot == null ? Double.NaN : number(boot.get("upper"));
            return new TestScores(strict, relaxed, perType, lower, upper, sentences(dir.resolve(RunExecutor.SENTENCES_TSV)));
        } catch (RuntimeException e) {
            throw new IOException(json + ": expected a bertner evaluation report with strict, relaxed and bootstrap "
                    + "sections: " + e.getMessage(), e);
        }
    }

    private static Map<String, long[]> sentences(Path tsv) throws IOException {
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        Map<String, long[]> out = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t", -1);
            if (f.length != 5) {
                throw new IOException(tsv + ":" + (i + 1) + ": expected 5 tab-separated fields, found " + f.length);
            }
            try {
                out.put(f[0], new long[] {Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])});
            } catch (NumberFormatException e) {
                throw new IOException(tsv + ":" + (i + 1) + ": expected integer counts, found " + lines.get(i), e);
            }
        }
        return out;
    }

    private static Score score(JsonObject o) {
        return new Score(o.get("correct").getAsLong(), o.get("predicted").getAsLong(), o.get("gold").getAsLong());
    }

    private static double number(JsonElement e) {
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }
}
