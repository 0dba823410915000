package io.github.bertner.experiment;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.bertner.training.ProgressListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tiny experiment end to end: 2 settings (learning rates) x 2 folds over the 4 documents of
 * {@code experiment/four-documents.conll} (28 sentences copied from the CoNLL excerpts in
 * {@code training/mini.conll} and {@code io/conll2003/sample.conll}), one extra test set, tiny preset, two
 * updates per run. The results table is checked against the numbers in the runs' own report.json files.
 */
class ExperimentRunnerTest {

    static final String DOCS = "src/test/resources/experiment/four-documents.conll";
    static final String SAMPLE = "src/test/resources/io/conll2003/sample.conll";

    static ExperimentSpec.Builder tinySpec(Path out) {
        return ExperimentSpec.builder("tiny").optOut(out).optFormat(io.github.bertner.io.CorpusFormat.CONLL2003)
                .optMapping("conll2003-en").setTrain(List.of(DOCS)).optTest("sample", List.of(SAMPLE))
                .optParameter(Parameter.PRESET, "tiny").optParameter(Parameter.VOCAB_SIZE, "120")
                .optParameter(Parameter.MAX_LENGTH, "32").optParameter(Parameter.EPOCHS, "1")
                .optParameter(Parameter.MAX_STEPS, "2").optParameter(Parameter.BATCH_SIZE, "4")
                .optGrid(Parameter.LR, List.of("1e-3", "5e-4")).optFolds(2).optSeeds(List.of(7L));
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static JsonObject json(Path p) throws Exception {
        return JsonParser.parseString(Files.readString(p, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static double f1(JsonObject score) {
        JsonElement e = score.get("f1");
        return e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    /** Rows of results.csv keyed by "test_set|setting|metric" -> {mean, sd, ci_lower, ci_upper} (NaN for empty). */
    private static Map<String, double[]> resultsCsv(Path file) throws Exception {
        Map<String, double[]> out = new HashMap<>();
        List<String> lines = Files.readAllLines(file);
        assertEquals("test_set,setting,label,runs,metric,mean,sd,ci_lower,ci_upper", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            double[] v = new double[4];
            for (int i = 0; i < 4; i++) {
                v[i] = f[5 + i].isEmpty() ? Double.NaN : Double.parseDouble(f[5 + i]);
            }
            out.put(f[0] + "|" + f[1] + "|" + f[4], v);
        }
        return out;
    }

    private static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).sum() / v.size();
    }

    private static double sd(List<Double> v) {
        double m = mean(v);
        double ss = v.stream().mapToDouble(x -> (x - m) * (x - m)).sum();
        return Math.sqrt(ss / (v.size() - 1));
    }

    @Test
    @Tag("slow")
    void twoFoldsTimesTwoSettingsEndToEndAndRerunSkips(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("exp");
        ExperimentSpec spec = tinySpec(out).build();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        ExperimentListener counter = new ExperimentListener() {
            @Override
            public void onRunStart(int index, int total, RunPlan run, Path d) {
                started.incrementAndGet();
            }

            @Override
            public void onRunSkipped(int index, int total, RunResult result) {
                skipped.incrementAndGet();
            }
        };
        AtomicInteger steps = new AtomicInteger();
        ProgressListener progress = new ProgressListener() {
            @Override
            public void onStep(Step s) {
                steps.incrementAndGet();
            }
        };
        ExperimentResults r = ExperimentRunner.builder().setSpec(spec).optListener(counter)
                .optTrainingProgress(progress).build().run();
        assertEquals(4, started.get());
        assertEquals(0, skipped.get());
        assertEquals(8, steps.get(), "2 updates per run, reported to the training progress listener");
        assertEquals(List.of(ExperimentSpec.HELD_OUT, "sample"), r.testSets());
        assertEquals(2, r.settings().size());
        assertEquals("lr=1e-3", r.settings().get(0).label());
        assertEquals(ExperimentSpec.HELD_OUT, r.selection());

        // folds: 4 documents, 2 per fold, the two runs of a setting hold out disjoint documents
        List<String> folds = Files.readAllLines(out.resolve("folds.tsv"));
        assertEquals(5, folds.size());
        assertEquals(2, folds.stream().skip(1).filter(l -> l.endsWith("\t1")).count());
        Path runsDir = out.resolve(ExperimentRunner.RUNS_DIR);
        List<Path> runs;
        try (Stream<Path> s = Files.list(runsDir)) {
            runs = s.sorted().toList();
        }
        assertEquals(4, runs.size());
        Set<String> heldOut = new HashSet<>();
        for (Path run : runs) {
            assertTrue(Files.exists(run.resolve(ExperimentRunner.COMPLETED)), run.toString());
            assertTrue(Files.exists(run.resolve("eval/held-out/errors.tsv")), "error report kept: " + run);
            assertTrue(Files.exists(run.resolve("eval/sample/report.html")));
            assertTrue(Files.exists(run.resolve("model/model.safetensors")));
            assertTrue(Files.notExists(run.resolve("model/checkpoint")), "checkpoint deleted after completion");
            JsonObject prov = json(run.resolve(ExperimentRunner.PROVENANCE));
            assertEquals("tiny", prov.get("experiment").getAsString());
            assertEquals(64, prov.getAsJsonArray("corpora").get(0).getAsJsonObject().get("sha256").getAsString().length());
            // the model folder keeps its own record of the corpus files, so a model taken out of the run has one
            JsonObject modelCorpora = json(run.resolve("model/provenance.json")).getAsJsonObject("corpora");
            JsonObject trainFile = modelCorpora.getAsJsonArray("train").get(0).getAsJsonObject();
            assertTrue(trainFile.get("path").getAsString().endsWith("four-documents.conll"), trainFile.toString());
            assertEquals(sha256(Path.of(DOCS)), trainFile.get("sha256").getAsString());
            assertEquals(1, modelCorpora.getAsJsonArray("test:sample").size());
            prov.getAsJsonArray("heldOutDocuments").forEach(e -> heldOut.add(run.getFileName() + "/" + e.getAsString()));
        }
        assertEquals(8, heldOut.size(), "each of the 4 runs holds out 2 documents");

        // the table's numbers against the runs' own reports
        Map<String, double[]> csv = resultsCsv(out.resolve("results/results.csv"));
        for (ExperimentResults.SettingSummary s : r.settings()) {
            assertEquals(2, s.runs().size());
            for (String set : r.testSets()) {
                List<Double> strict = new ArrayList<>();
                List<Double> relaxed = new ArrayList<>();
                List<Double> per = new ArrayList<>();
                long correct = 0;
                long predicted = 0;
                long gold = 0;
                for (RunResult run : s.runs()) {
                    JsonObject report = json(run.dir().resolve("eval").resolve(set).resolve("report.json"));
                    JsonObject micro = report.getAsJsonObject("strict").getAsJsonObject("micro");
                    strict.add(f1(micro));
                    relaxed.add(f1(report.getAsJsonObject("relaxed").getAsJsonObject("micro")));
                    JsonObject perType = report.getAsJsonObject("strict").getAsJsonObject("perType");
                    if (perType.has("PER")) {
                        per.add(f1(perType.getAsJsonObject("PER")));
                    }
                    correct += micro.get("correct").getAsLong();
                    predicted += micro.get("predicted").getAsLong();
                    gold += micro.get("gold").getAsLong();
                }
                String key = set + "|" + (s.setting() + 1) + "|";
                assertEquals(mean(strict), csv.get(key + "strict_f1")[0], 1e-12, key);
                assertEquals(sd(strict), csv.get(key + "strict_f1")[1], 1e-12, key);
                assertEquals(mean(relaxed), csv.get(key + "relaxed_f1")[0], 1e-12, key);
                double pooled = 2.0 * correct / (predicted + gold);
                assertEquals(pooled, csv.get(key + "pooled_strict_f1")[0], 1e-12, key);
                double[] ci = csv.get(key + "pooled_strict_f1");
                assertTrue(ci[2] <= pooled && pooled <= ci[3], "pooled F1 inside its interval: " + key);
                List<Double> perDefined = per.stream().filter(d -> !Double.isNaN(d)).toList();
                if (!perDefined.isEmpty()) {
                    assertEquals(mean(perDefined), csv.get(key + "strict_f1:PER")[0], 1e-12, key);
                }
                String cell = String.format(Locale.ROOT, "%.2f ± %.2f", 100 * mean(strict), 100 * sd(strict));
                assertTrue(Files.readString(out.resolve("results/results.md")).contains("| " + cell + " |"),
                        "markdown shows " + cell);
            }
        }
        byte[] png = Files.readAllBytes(out.resolve("results/chart.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
        assertTrue(Files.readString(out.resolve("results/results.html")).contains("<img src=\"chart.png\""));
        assertEquals(1 + 4 * 2, Files.readAllLines(out.resolve("results/runs.csv")).size(), "4 runs x 2 test sets");

        // rerunning the same spec trains nothing and reproduces the table
        String table = Files.readString(out.resolve("results/results.csv"));
        Map<Path, FileTime> markers = new HashMap<>();
        for (Path run : runs) {
            markers.put(run, Files.getLastModifiedTime(run.resolve(ExperimentRunner.COMPLETED)));
        }
        started.set(0);
        steps.set(0);
        ExperimentRunner.builder().setSpec(tinySpec(out).build()).optListener(counter).optTrainingProgress(progress)
                .build().run();
        assertEquals(0, started.get());
        assertEquals(4, skipped.get());
        assertEquals(0, steps.get());
        assertEquals(table, Files.readString(out.resolve("results/results.csv")));
        for (Path run : runs) {
            assertEquals(markers.get(run), Files.getLastModifiedTime(run.resolve(ExperimentRunner.COMPLETED)));
        }
    }

    @Test
    @Tag("slow")
    void unfinishedRunResumesFromItsCheckpointAndOnlyItRuns(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("exp");
        ExperimentSpec spec = tinySpec(out).optGrid(Parameter.LR, List.of("1e-3")).optKeepCheckpoints(true).build();
        ExperimentRunner.builder().setSpec(spec).build().run();
        List<Path> runs;
        try (Stream<Path> s = Files.list(out.resolve(ExperimentRunner.RUNS_DIR))) {
            runs = s.sorted().toList();
        }
        assertEquals(2, runs.size());
        String before = Files.readString(runs.get(1).resolve("eval/held-out/report.json"));
        // a run killed after its last checkpoint but before its marker: the marker is missing
        Files.delete(runs.get(1).resolve(ExperimentRunner.COMPLETED));
        AtomicInteger started = new AtomicInteger();
        AtomicInteger resumed = new AtomicInteger();
        ExperimentRunner.builder().setSpec(spec).optListener(new ExperimentListener() {
            @Override
            public void onRunStart(int index, int total, RunPlan run, Path d) {
                started.incrementAndGet();
                assertEquals(runs.get(1), d);
            }
        }).optTrainingProgress(new ProgressListener() {
            @Override
            public void onResume(int epoch, int batch, long step) {
                resumed.incrementAndGet();
                assertEquals(2, step);
            }
        }).build().run();
        assertEquals(1, started.get());
        assertEquals(1, resumed.get());
        assertTrue(Files.exists(runs.get(1).resolve(ExperimentRunner.COMPLETED)));
        String after = Files.readString(runs.get(1).resolve("eval/held-out/report.json"));
        // same model, same predictions: only the provenance date may differ
        assertEquals(before.replaceAll("\"date\": \"[^\"]*\"", ""), after.replaceAll("\"date\": \"[^\"]*\"", ""));
    }

    @Test
    void changedParameterGetsANewRunFolder(@TempDir Path dir) throws Exception {
        ExperimentSpec a = tinySpec(dir).build();
        ExperimentSpec b = tinySpec(dir).optParameter(Parameter.MAX_STEPS, "3").build();
        List<String> idsA = new ArrayList<>();
        List<String> idsB = new ArrayList<>();
        ExperimentRunner.builder().setSpec(a).optDryRun(true).optListener(new ExperimentListener() {
            @Override
            public void onPlanned(List<RunPlan> runs) {
                runs.forEach(p -> idsA.add(p.id()));
            }
        }).build().run();
        ExperimentRunner.builder().setSpec(b).optDryRun(true).optListener(new ExperimentListener() {
            @Override
            public void onPlanned(List<RunPlan> runs) {
                runs.forEach(p -> idsB.add(p.id()));
            }
        }).build().run();
        assertEquals(4, idsA.size());
        assertEquals(4, new HashSet<>(idsA).size());
        assertTrue(idsA.get(0).startsWith("seed7-fold1-"), idsA.get(0));
        for (String id : idsB) {
            assertTrue(!idsA.contains(id), id);
        }
    }
}
