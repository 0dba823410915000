package io.github.bertner.experiment;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonParser;
import io.github.bertner.training.LabeledSentence;
import io.github.bertner.training.ProgressListener;
import io.github.bertner.training.TrainerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Runs an experiment: reads its corpora once, deals the training documents into folds when it
 * cross-validates, then trains and evaluates every (setting, seed, fold) run in its own folder and
 * aggregates all runs into one results folder.
 *
 * <p>Resumable at any point: a run whose folder holds {@value #COMPLETED} (written last) is not run again;
 * a run killed before that resumes from its training checkpoint (see {@code checkpoint-every}). Run folders
 * are named after a hash of everything that determines their result (parameters, seed, fold, corpus
 * fingerprints, fold seed, bootstrap), so editing the spec never reuses a run trained otherwise.
 *
 * <pre>
 *   &lt;out&gt;/spec.json                     the spec as run
 *   &lt;out&gt;/folds.tsv                     document -&gt; fold (cross-validation only)
 *   &lt;out&gt;/runs/&lt;run&gt;/provenance.json     parameters, seed, fold, corpora with SHA-256, software, start time
 *   &lt;out&gt;/runs/&lt;run&gt;/model/             best model (Hugging Face folder) with its training and dev reports
 *   &lt;out&gt;/runs/&lt;run&gt;/eval/&lt;set&gt;/        test reports: report.json, report.html, errors.tsv/html, sentences.tsv
 *   &lt;out&gt;/runs/&lt;run&gt;/completed.json     written last: training summary and time
 *   &lt;out&gt;/results/                      results.md, results.csv, results.html, runs.csv, results.json, chart.png
 * </pre>
 *
 * <pre>{@code
 * ExperimentResults r = ExperimentRunner.builder()
 *         .setSpec(ExperimentSpec.read(Path.of("examples/experiments/ru-a-scratch.json")))
 *         .build().run();
 * }</pre>
 */
public final class ExperimentRunner {

    /** Marker file of a finished run, written last. */
    public static final String COMPLETED = "completed.json";
    /** Provenance file of a run, written before it trains. */
    public static final String PROVENANCE = "provenance.json";
    /** Folder of the run folders. */
    public static final String RUNS_DIR = "runs";
    /** Folder of the aggregated results. */
    public static final String RESULTS_DIR = "results";

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);
    /** Mixed into the fold seed for the dev-split shuffle, so it is not the fold shuffle. */
    private static final long DEV_SPLIT_STREAM = 0x44455653L;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

    private final ExperimentSpec spec;
    private final ExperimentListener listener;
    private final ProgressListener progress;
    private final boolean dryRun;

    private ExperimentRunner(Builder b) {
        this.spec = b.spec;
        this.dryRun = b.dryRun;
        this.listener = b.listener;
        this.progress = b.progress;
    }

    /**
     * Starts a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The corpora of an experiment as read. */
    private record Data(List<CorpusData> train, List<CorpusData> dev, Map<String, List<CorpusData>> test,
                        List<LabeledDocument> trainDocuments, int[] folds) {
    }

    /**
     * Whether a run finished in an earlier session (its folder holds {@value #COMPLETED}).
     *
     * @param run the run
     * @return true when it will be skipped
     */
    public boolean isFinished(RunPlan run) {
        return Files.exists(runDir(run).resolve(COMPLETED));
    }

    /**
     * The folder of a run.
     *
     * @param run the run
     * @return {@code <out>/runs/<id>}
     */
    public Path runDir(RunPlan run) {
        return spec.out().resolve(RUNS_DIR).resolve(run.id());
    }

    /**
     * Runs every run not finished before, then writes the results folder.
     *
     * @return the aggregated results; null in a dry run, which stops after reading the corpora and planning the
     *         runs ({@link ExperimentListener#onPlanned})
     * @throws IOException when a corpus cannot be read or a run's files cannot be written or read back
     */
    public ExperimentResults run() throws IOException {
        Path out = spec.out();
        Files.createDirectories(out.resolve(RUNS_DIR));
        spec.write(out.resolve("spec.json"));
        Data data = read();
        List<RunPlan> plans = plan(data);
        listener.onPlanned(plans);
        if (dryRun) {
            return null;
        }
        List<String> testSets = new ArrayList<>();
        if (spec.folds() > 0) {
            testSets.add(ExperimentSpec.HELD_OUT);
        }
        testSets.addAll(spec.test().keySet());
        RunExecutor executor = new RunExecutor(spec, progress);
        List<RunResult> results = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            RunPlan plan = plans.get(i);
            Path dir = runDir(plan);
            if (isFinished(plan)) {
                RunResult r = load(plan, dir, testSets);
                LOG.info("run {} finished before; skipped", plan.id());
                listener.onRunSkipped(i, plans.size(), r);
                results.add(r);
                continue;
            }
            listener.onRunStart(i, plans.size(), plan, dir);
            results.add(execute(executor, plan, dir, data, testSets));
            listener.onRunFinished(i, plans.size(), results.get(results.size() - 1));
        }
        ExperimentResults aggregated = ExperimentResults.of(spec, testSets, results);
        Path resultsDir = out.resolve(RESULTS_DIR);
        ResultsWriter.writeAll(aggregated, resultsDir);
        listener.onFinished(aggregated, resultsDir);
        return aggregated;
    }

    private Data read() throws IOException {
        CorpusLoader loader = new CorpusLoader(spec.language(), spec.alignmentPolicy(), spec.flatten());
        List<CorpusData> train = readAll(loader, spec.train());
        List<CorpusData> dev = readAll(loader, spec.dev());
        Map<String, List<CorpusData>> test = new LinkedHashMap<>();
        for (Map.Entry<String, List<CorpusRef>> e : spec.test().entrySet()) {
            test.put(e.getKey(), readAll(loader, e.getValue()));
        }
        LOG.info("sentence extraction: {}", loader.counts());
        List<LabeledDocument> docs = new ArrayList<>();
        train.forEach(c -> docs.addAll(c.documents()));
        int[] folds = null;
        if (spec.folds() > 0) {
            folds = Folds.assign(docs.size(), spec.folds(), spec.foldSeed());
            StringBuilder sb = new StringBuilder("corpus\tdocument\tsentences\tfold\n");
            for (int d = 0; d < docs.size(); d++) {
                sb.append(docs.get(d).corpus()).append('\t').append(docs.get(d).id()).append('\t')
                        .append(docs.get(d).sentences().size()).append('\t').append(folds[d] + 1).append('\n');
            }
            Files.writeString(spec.out().resolve("folds.tsv"), sb.toString(), StandardCharsets.UTF_8);
        }
        return new Data(train, dev, test, docs, folds);
    }

    private static List<CorpusData> readAll(CorpusLoader loader, List<CorpusRef> refs) throws IOException {
        List<CorpusData> out = new ArrayList<>();
        for (CorpusRef r : refs) {
            out.add(loader.read(r));
        }
        return out;
    }

    private List<RunPlan> plan(Data data) {
        List<RunPlan> plans = new ArrayList<>();
        List<Map<Parameter, String>> settings = spec.settings();
        for (int s = 0; s < settings.size(); s++) {
            Map<Parameter, String> values = settings.get(s);
            RunSettings typed = RunSettings.of(values);
            StringBuilder label = new StringBuilder();
            for (Parameter p : spec.grid().keySet()) {
                label.append(label.length() == 0 ? "" : " ").append(p.key()).append('=').append(values.get(p));
            }
            String l = label.length() == 0 ? "default" : label.toString();
            for (long seed : spec.seeds()) {
                int folds = Math.max(1, spec.folds());
                for (int f = 0; f < folds; f++) {
                    int fold = spec.folds() > 0 ? f : -1;
                    String hash = hash(identity(typed, seed, fold, data));
                    String id = "seed" + seed + (fold >= 0 ? "-fold" + (fold + 1) : "") + "-" + hash;
                    plans.add(new RunPlan(id, s, l, values, typed, seed, fold));
                }
            }
        }
        return plans;
    }

    /** Everything that determines a run's result, as canonical JSON. */
    private JsonObject identity(RunSettings typed, long seed, int fold, Data data) {
        JsonObject o = new JsonObject();
        JsonObject params = new JsonObject();
        new TreeMap<>(typed.values()).forEach((k, v) -> params.addProperty(k.key(), v));
        o.add("parameters", params);
        o.addProperty("seed", seed);
        o.addProperty("fold", fold);
        o.addProperty("folds", spec.folds());
        o.addProperty("fold-seed", spec.folds() > 0 ? spec.foldSeed() : 0);
        o.add("train", corpora(data.train()));
        o.add("dev", corpora(data.dev()));
        o.addProperty("dev-split", spec.devSplit());
        JsonObject t = new JsonObject();
        data.test().forEach((k, v) -> t.add(k, corpora(v)));
        o.add("test", t);
        o.addProperty("language", spec.language());
        o.addProperty("alignment-policy", spec.alignmentPolicy().name());
        o.addProperty("flatten", spec.flatten().name());
        o.addProperty("bootstrap", spec.bootstrapSamples());
        return o;
    }

    private static JsonArray corpora(List<CorpusData> cs) {
        JsonArray a = new JsonArray();
        for (CorpusData c : cs) {
            a.add(c.ref() + "@" + c.sha256());
        }
        return a;
    }

    private static String hash(JsonObject identity) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(identity.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }

    private RunResult execute(RunExecutor executor, RunPlan plan, Path dir, Data data, List<String> testSets)
            throws IOException {
        Files.createDirectories(dir);
        long start = System.nanoTime();
        Map<String, List<RunExecutor.KeyedSentence>> tests = new LinkedHashMap<>();
        List<String> heldOutDocs = new ArrayList<>();
        List<Integer> trainDocs = new ArrayList<>();
        List<RunExecutor.KeyedSentence> heldOut = new ArrayList<>();
        for (int d = 0; d < data.trainDocuments().size(); d++) {
            LabeledDocument doc = data.trainDocuments().get(d);
            if (data.folds() != null && data.folds()[d] == plan.fold()) {
                heldOutDocs.add(doc.id());
                for (int s = 0; s < doc.sentences().size(); s++) {
                    heldOut.add(new RunExecutor.KeyedSentence("d" + d + "#" + s, doc.sentences().get(s)));
                }
            } else {
                trainDocs.add(d);
            }
        }
        if (data.folds() != null) {
            tests.put(ExperimentSpec.HELD_OUT, heldOut);
        }
        Set<Integer> devDocs = devSplit(trainDocs);
        List<LabeledSentence> train = new ArrayList<>();
        List<LabeledSentence> dev = new ArrayList<>();
        List<String> devDocIds = new ArrayList<>();
        for (int d : trainDocs) {
            LabeledDocument doc = data.trainDocuments().get(d);
            if (devDocs.contains(d)) {
                dev.addAll(doc.sentences());
                devDocIds.add(doc.id());
            } else {
                train.addAll(doc.sentences());
            }
        }
        for (Map.Entry<String, List<CorpusData>> e : data.test().entrySet()) {
            List<RunExecutor.KeyedSentence> ks = new ArrayList<>();
            for (CorpusData c : e.getValue()) {
                for (LabeledSentence s : c.sentences()) {
                    ks.add(new RunExecutor.KeyedSentence("t" + ks.size(), s));
                }
            }
            tests.put(e.getKey(), ks);
        }
        data.dev().forEach(c -> dev.addAll(c.sentences()));
        writeProvenance(plan, dir, data, train.size(), heldOutDocs, devDocIds);
        TrainerState state = executor.execute(plan, dir, train, dev, tests, corpusFiles(data));
        double seconds = (System.nanoTime() - start) / 1e9;
        JsonObject done = new JsonObject();
        done.addProperty("run", plan.id());
        done.add("devScore", Double.isNaN(state.bestScore()) ? JsonNull.INSTANCE : new JsonPrimitive(state.bestScore()));
        done.addProperty("bestEpoch", state.bestEpoch() + 1);
        done.addProperty("steps", state.step());
        done.addProperty("seconds", seconds);
        done.addProperty("finished", now());
        JsonArray sets = new JsonArray();
        testSets.forEach(sets::add);
        done.add("testSets", sets);
        // written last and atomically: its presence means every report of the run is complete
        Path tmp = dir.resolve(COMPLETED + ".tmp");
        Files.writeString(tmp, GSON.toJson(done), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(COMPLETED), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return load(plan, dir, testSets);
    }

    /**
     * The training documents dealt out as dev data by {@code dev-split}: a seeded shuffle (fold seed, so every
     * run of a fold uses the same dev documents), at least one document and at least one left for training.
     */
    private Set<Integer> devSplit(List<Integer> trainDocs) {
        if (spec.devSplit() == 0) {
            return Set.of();
        }
        if (trainDocs.size() < 2) {
            throw new IllegalArgumentException("dev-split needs at least 2 training documents, found " + trainDocs.size());
        }
        List<Integer> order = new ArrayList<>(trainDocs);
        Collections.shuffle(order, new Random(spec.foldSeed() ^ DEV_SPLIT_STREAM));
        int n = (int) Math.max(1, Math.min(trainDocs.size() - 1, Math.round(spec.devSplit() * trainDocs.size())));
        return new HashSet<>(order.subList(0, n));
    }

    private void writeProvenance(RunPlan plan, Path dir, Data data, int trainSentences, List<String> heldOutDocs,
                                 List<String> devDocs) throws IOException {
        JsonObject p = new JsonObject();
        p.addProperty("experiment", spec.name());
        p.addProperty("run", plan.id());
        p.addProperty("setting", plan.setting() + 1);
        p.addProperty("label", plan.label());
        p.add("identity", identity(plan.settings(), plan.seed(), plan.fold(), data));
        p.addProperty("trainSentences", trainSentences);
        if (plan.fold() >= 0) {
            JsonArray a = new JsonArray();
            heldOutDocs.forEach(a::add);
            p.add("heldOutDocuments", a);
        }
        if (!devDocs.isEmpty()) {
            JsonArray a = new JsonArray();
            devDocs.forEach(a::add);
            p.add("devDocuments", a);
        }
        JsonArray corpora = new JsonArray();
        addCorpora(corpora, "train", data.train());
        addCorpora(corpora, "dev", data.dev());
        data.test().forEach((k, v) -> addCorpora(corpora, "test:" + k, v));
        p.add("corpora", corpora);
        JsonObject sw = new JsonObject();
        Package pkg = ExperimentRunner.class.getPackage();
        sw.addProperty("bertner", pkg.getImplementationVersion() == null ? "development build"
                : pkg.getImplementationVersion());
        sw.addProperty("java", System.getProperty("java.version"));
        sw.addProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        sw.addProperty("processors", Runtime.getRuntime().availableProcessors());
        sw.addProperty("pytorchThreads", System.getProperty("ai.djl.pytorch.num_threads", "PyTorch default"));
        sw.addProperty("device", spec.device());
        p.add("software", sw);
        p.addProperty("started", now());
        Files.writeString(dir.resolve(PROVENANCE), GSON.toJson(p), StandardCharsets.UTF_8);
    }

    /**
     * The corpus paths of each role, for the model folder's own provenance.json (which lists every file with its
     * sha256): a model taken out of an experiment keeps the record of what it was trained on. The dev split and
     * the folds are drawn from the train corpora; which documents went where is in the run's provenance.json.
     */
    private static Map<String, List<Path>> corpusFiles(Data data) {
        Map<String, List<Path>> files = new LinkedHashMap<>();
        files.put("train", data.train().stream().map(c -> c.ref().path()).toList());
        if (!data.dev().isEmpty()) {
            files.put("dev", data.dev().stream().map(c -> c.ref().path()).toList());
        }
        data.test().forEach((k, v) -> files.put("test:" + k, v.stream().map(c -> c.ref().path()).toList()));
        return files;
    }

    private static void addCorpora(JsonArray out, String role, List<CorpusData> cs) {
        for (CorpusData c : cs) {
            JsonObject o = new JsonObject();
            o.addProperty("role", role);
            o.addProperty("corpus", c.ref().toString());
            o.addProperty("sha256", c.sha256());
            o.addProperty("files", c.files());
            o.addProperty("bytes", c.bytes());
            o.addProperty("documents", c.documents().size());
            o.addProperty("sentences", c.sentences().size());
            out.add(o);
        }
    }

    private static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static RunResult load(RunPlan plan, Path dir, List<String> testSets) throws IOException {
        Path marker = dir.resolve(COMPLETED);
        JsonObject done;
        try {
            done = JsonParser.parseString(Files.readString(marker, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(marker + ": expected the JSON completion marker of a run: " + e.getMessage(), e);
        }
        Map<String, TestScores> tests = new LinkedHashMap<>();
        for (String set : testSets) {
            tests.put(set, TestScores.read(dir.resolve(RunExecutor.EVAL_DIR).resolve(set)));
        }
        double dev = done.get("devScore").isJsonNull() ? Double.NaN : done.get("devScore").getAsDouble();
        return new RunResult(plan, dir, dev, done.get("bestEpoch").getAsInt(), done.get("steps").getAsLong(),
                done.get("seconds").getAsDouble(), tests);
    }

    /** Builder of {@link ExperimentRunner}; only the spec is required. */
    public static final class Builder {
        private ExperimentSpec spec;
        private ExperimentListener listener = new ExperimentListener() { };
        private ProgressListener progress = new ProgressListener() { };
        private boolean dryRun;

        private Builder() {
        }

        /**
         * @param d only read the corpora and plan the runs, train nothing
         * @return this builder
         */
        public Builder optDryRun(boolean d) {
            dryRun = d;
            return this;
        }

        /**
         * @param s the experiment
         * @return this builder
         */
        public Builder setSpec(ExperimentSpec s) {
            spec = s;
            return this;
        }

        /**
         * @param l receiver of one event per run
         * @return this builder
         */
        public Builder optListener(ExperimentListener l) {
            listener = l;
            return this;
        }

        /**
         * @param p receiver of the training progress inside each run
         * @return this builder
         */
        public Builder optTrainingProgress(ProgressListener p) {
            progress = p;
            return this;
        }

        /**
         * @return the runner
         */
        public ExperimentRunner build() {
            Objects.requireNonNull(spec, "spec");
            return new ExperimentRunner(this);
        }
    }
}
