package io.github.bertner.experiment;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.github.bertner.io.AlignmentPolicy;
import io.github.bertner.io.CorpusFormat;
import io.github.bertner.io.FactRuEvalExtent;
import io.github.bertner.io.MentionFilter;
import io.github.bertner.io.FlatteningPolicy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What an experiment runs: the corpora, the fixed training parameters, a grid of parameters to vary,
 * the seeds, and optionally k-fold cross-validation over the training documents. Every combination
 * of grid setting, seed and fold is one run (train, then evaluate on every test set). Read from JSON
 * ({@link #read(Path)}, format in {@code docs/experiments.md}) or built in Java ({@link #builder(String)}).
 *
 * @param name            name shown in the results
 * @param out             folder receiving {@code runs/} and {@code results/}
 * @param format          default corpus format of the corpus arguments, null when each names its own
 * @param mapping         default label mapping, null for the readers' defaults
 * @param language        document language for the readers, null for the readers' defaults
 * @param alignmentPolicy what readers do with annotations that cannot be aligned
 * @param flatten         which of nested or overlapping gold entities are kept (training and scoring)
 * @param train           training corpora (given in {@code bertner train} argument syntax)
 * @param dev             dev corpora for per-epoch evaluation, early stopping and choosing the best setting
 * @param devSplit        share of the training documents (after removing a held-out fold) dealt out as dev data
 *                        instead of naming dev corpora, 0 for none
 * @param test            named test sets, each a list of corpora; never used for training or choosing
 * @param parameters      parameters fixed for every run
 * @param grid            parameters varied: every combination of their values is one setting
 * @param seeds           training seeds; every setting runs once per seed (and fold)
 * @param folds           number of cross-validation folds over the training documents, 0 for none
 * @param foldSeed        seed of the document shuffle that deals documents into folds
 * @param bootstrapSamples bootstrap samples for the confidence intervals
 * @param device          device to train and predict on: cpu, gpu:N or auto
 * @param selectBy        test set that chooses the best setting ({@value #DEV} for the dev score), null to
 *                        choose automatically: dev when there is dev data, else the held-out folds
 * @param keepCheckpoints keep each finished run's resumable checkpoint (optimizer moments) instead of deleting it
 */
public record ExperimentSpec(String name, Path out, CorpusFormat format, String mapping, String language,
                             AlignmentPolicy alignmentPolicy, FlatteningPolicy flatten, List<CorpusRef> train,
                             List<CorpusRef> dev, double devSplit, Map<String, List<CorpusRef>> test, Map<Parameter, String> parameters,
                             Map<Parameter, List<String>> grid, List<Long> seeds, int folds, long foldSeed,
                             int bootstrapSamples, String device, String selectBy, boolean keepCheckpoints) {

    /** Name of the test set formed by the held-out fold of each cross-validation run. */
    public static final String HELD_OUT = "held-out";
    /** {@link #selectBy()} value that chooses the best setting by its mean dev score. */
    public static final String DEV = "dev";

    private static final Set<String> KEYS = Set.of("name", "out", "format", "mapping", "language",
            "alignment-policy", "flatten", "train", "dev", "dev-split", "test", "parameters", "grid", "seeds", "folds",
            "fold-seed", "bootstrap", "device", "select-by", "keep-checkpoints", "description");

    /** Validates and copies. */
    public ExperimentSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(alignmentPolicy, "alignmentPolicy");
        Objects.requireNonNull(flatten, "flatten");
        Objects.requireNonNull(device, "device");
        if (name.isBlank()) {
            throw new IllegalArgumentException("expected a non-empty experiment name");
        }
        train = List.copyOf(train);
        dev = List.copyOf(dev);
        Map<String, List<CorpusRef>> t = new LinkedHashMap<>();
        test.forEach((k, v) -> t.put(k, List.copyOf(v)));
        test = Collections.unmodifiableMap(t);
        parameters = Collections.unmodifiableMap(parameters.isEmpty() ? new EnumMap<>(Parameter.class)
                : new EnumMap<>(parameters));
        Map<Parameter, List<String>> g = new LinkedHashMap<>();
        grid.forEach((k, v) -> g.put(k, List.copyOf(v)));
        grid = Collections.unmodifiableMap(g);
        seeds = List.copyOf(seeds);
        if (train.isEmpty()) {
            throw new IllegalArgumentException(name + ": expected at least one training corpus");
        }
        if (seeds.isEmpty() || seeds.size() != Set.copyOf(seeds).size()) {
            throw new IllegalArgumentException(name + ": expected at least one seed and no repeated seed, found " + seeds);
        }
        if (folds == 1 || folds < 0) {
            throw new IllegalArgumentException(name + ": expected folds = 0 (no cross-validation) or >= 2, found " + folds);
        }
        if (folds == 0 && test.isEmpty()) {
            throw new IllegalArgumentException(name + ": expected a test set or cross-validation (folds >= 2)");
        }
        for (Map.Entry<String, List<CorpusRef>> e : test.entrySet()) {
            if (e.getKey().equals(HELD_OUT) || e.getKey().equals(DEV) || e.getKey().isBlank()
                    || !e.getKey().matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException(name + ": test set name '" + e.getKey() + "' must be letters, digits, "
                        + "'.', '_' or '-' and not " + HELD_OUT + " or " + DEV);
            }
            if (e.getValue().isEmpty()) {
                throw new IllegalArgumentException(name + ": test set '" + e.getKey() + "' names no corpus");
            }
        }
        for (Map.Entry<Parameter, List<String>> e : grid.entrySet()) {
            if (e.getValue().isEmpty() || e.getValue().size() != Set.copyOf(e.getValue()).size()) {
                throw new IllegalArgumentException(name + ": grid parameter " + e.getKey().key()
                        + " needs at least one value and no repeated value, found " + e.getValue());
            }
            if (parameters.containsKey(e.getKey())) {
                throw new IllegalArgumentException(name + ": parameter " + e.getKey().key()
                        + " is both fixed and in the grid");
            }
        }
        if (bootstrapSamples < 1) {
            throw new IllegalArgumentException(name + ": expected bootstrap samples >= 1, found " + bootstrapSamples);
        }
        if (selectBy != null && !selectBy.equals(DEV) && !selectBy.equals(HELD_OUT) && !test.containsKey(selectBy)) {
            throw new IllegalArgumentException(name + ": select-by '" + selectBy + "' is neither " + DEV + ", "
                    + HELD_OUT + " nor a test set " + test.keySet());
        }
        if (!(devSplit >= 0 && devSplit < 1)) {
            throw new IllegalArgumentException(name + ": expected dev-split in [0, 1), found " + devSplit);
        }
        if (devSplit > 0 && !dev.isEmpty()) {
            throw new IllegalArgumentException(name + ": dev corpora and dev-split exclude each other");
        }
        if (DEV.equals(selectBy) && !hasDev(dev, devSplit)) {
            throw new IllegalArgumentException(name + ": select-by dev needs dev corpora or a dev-split");
        }
        if (HELD_OUT.equals(selectBy) && folds == 0) {
            throw new IllegalArgumentException(name + ": select-by " + HELD_OUT + " needs folds >= 2");
        }
        // every value must parse before hours of training begin
        for (Map<Parameter, String> setting : expand(parameters, grid)) {
            RunSettings.of(setting);
        }
    }

    /**
     * The grid's settings in order: the cartesian product of the grid values (the first grid parameter
     * varies slowest), each overlaid on the fixed parameters. Without a grid, the one fixed setting.
     *
     * @return the parameter values of each setting (fixed ones included, defaults not)
     */
    public List<Map<Parameter, String>> settings() {
        return expand(parameters, grid);
    }

    private static List<Map<Parameter, String>> expand(Map<Parameter, String> parameters,
                                                       Map<Parameter, List<String>> grid) {
        List<Map<Parameter, String>> out = new ArrayList<>();
        Map<Parameter, String> fixed = new EnumMap<>(Parameter.class);
        fixed.putAll(parameters);
        out.add(fixed);
        for (Map.Entry<Parameter, List<String>> e : grid.entrySet()) {
            List<Map<Parameter, String>> next = new ArrayList<>();
            for (Map<Parameter, String> prefix : out) {
                for (String v : e.getValue()) {
                    Map<Parameter, String> m = new EnumMap<>(Parameter.class);
                    m.putAll(prefix);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    /**
     * The same spec with another output folder.
     *
     * @param dir the output folder
     * @return a new spec
     */
    public ExperimentSpec withOut(Path dir) {
        return new ExperimentSpec(name, dir, format, mapping, language, alignmentPolicy, flatten, train, dev, devSplit, test,
                parameters, grid, seeds, folds, foldSeed, bootstrapSamples, device, selectBy, keepCheckpoints);
    }

    /**
     * The test set that chooses the best setting, after the automatic choice.
     *
     * @return {@value #DEV}, {@value #HELD_OUT} or a test set name
     */
    public String selection() {
        if (selectBy != null) {
            return selectBy;
        }
        if (hasDev(dev, devSplit)) {
            return DEV;
        }
        if (folds > 0) {
            return HELD_OUT;
        }
        // nothing held out: the choice is on a test set, which the results say
        return test.keySet().iterator().next();
    }

    private static boolean hasDev(List<CorpusRef> dev, double devSplit) {
        return !dev.isEmpty() || devSplit > 0;
    }

    /**
     * Reads a JSON spec, or a YAML one ({@code .yaml}/{@code .yml}: the same keys and values, see
     * {@link YamlSpecs}).
     *
     * @param file the spec file
     * @return the spec; {@code out} defaults to {@code target/experiments/<name>}
     * @throws IOException when the file cannot be read, is not JSON (YAML), or a value is wrong (the message
     *                     names the file and the key, and for YAML syntax the line)
     */
    public static ExperimentSpec read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        JsonElement root;
        try {
            root = yaml ? YamlSpecs.toJson(text) : JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) {
            throw new IOException(file + ": expected " + (yaml ? "a YAML mapping" : "a JSON object")
                    + " at the top, found " + root);
        }
        try {
            return fromJson(root.getAsJsonObject());
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Builds a spec from its JSON object.
     *
     * @param o the object
     * @return the spec
     * @throws IllegalArgumentException naming the key whose value is wrong
     */
    public static ExperimentSpec fromJson(JsonObject o) {
        for (String k : o.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown key '" + k + "', expected one of "
                        + KEYS.stream().sorted().toList());
            }
        }
        Builder b = builder(string(o, "name", null));
        if (o.has("out")) {
            b.optOut(Path.of(string(o, "out", null)));
        }
        b.optFormat(o.has("format") ? CorpusFormat.parse(string(o, "format", null)) : null);
        b.optMapping(string(o, "mapping", null));
        b.optLanguage(string(o, "language", null));
        if (o.has("alignment-policy")) {
            b.optAlignmentPolicy(AlignmentPolicy.valueOf(string(o, "alignment-policy", null).toUpperCase(Locale.ROOT)));
        }
        if (o.has("flatten")) {
            b.optFlatten(FlatteningPolicy.valueOf(string(o, "flatten", null).toUpperCase(Locale.ROOT)));
        }
        b.train.addAll(corpora(o, "train"));
        if (o.has("dev")) {
            b.dev.addAll(corpora(o, "dev"));
        }
        if (o.has("dev-split")) {
            JsonElement d = o.get("dev-split");
            if (!d.isJsonPrimitive() || !d.getAsJsonPrimitive().isNumber()) {
                throw new IllegalArgumentException("dev-split: expected a number in [0, 1), found " + d);
            }
            b.optDevSplit(d.getAsDouble());
        }
        if (o.has("test")) {
            JsonElement t = o.get("test");
            if (t.isJsonObject()) {
                for (String set : t.getAsJsonObject().keySet()) {
                    b.test.computeIfAbsent(set, k -> new ArrayList<>()).addAll(corpora(t.getAsJsonObject(), set));
                }
            } else {
                b.test.computeIfAbsent("test", k -> new ArrayList<>()).addAll(corpora(o, "test"));
            }
        }
        if (o.has("parameters")) {
            JsonObject p = object(o, "parameters");
            for (String k : p.keySet()) {
                b.optParameter(Parameter.parse(k), scalar(p.get(k), "parameters." + k));
            }
        }
        if (o.has("grid")) {
            JsonObject g = object(o, "grid");
            for (String k : g.keySet()) {
                if (!g.get(k).isJsonArray()) {
                    throw new IllegalArgumentException("grid." + k + ": expected an array of values, found " + g.get(k));
                }
                List<String> values = new ArrayList<>();
                for (JsonElement e : g.get(k).getAsJsonArray()) {
                    values.add(scalar(e, "grid." + k));
                }
                b.optGrid(Parameter.parse(k), values);
            }
        }
        if (o.has("seeds")) {
            List<Long> seeds = new ArrayList<>();
            for (String s : strings(o, "seeds")) {
                try {
                    seeds.add(Long.parseLong(s));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("seeds: expected integers, found '" + s + "'", e);
                }
            }
            b.optSeeds(seeds);
        }
        b.optFolds(integer(o, "folds", 0));
        b.optFoldSeed(integer(o, "fold-seed", 1));
        b.optBootstrapSamples(integer(o, "bootstrap", 1000));
        b.optDevice(string(o, "device", "cpu"));
        b.optSelectBy(string(o, "select-by", null));
        if (o.has("keep-checkpoints")) {
            JsonElement k = o.get("keep-checkpoints");
            if (!k.isJsonPrimitive() || !k.getAsJsonPrimitive().isBoolean()) {
                throw new IllegalArgumentException("keep-checkpoints: expected true or false, found " + k);
            }
            b.optKeepCheckpoints(k.getAsBoolean());
        }
        return b.build();
    }

    /**
     * The spec as JSON, in the format {@link #fromJson} reads (written into the results for provenance).
     *
     * @return the JSON object
     */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("name", name);
        o.addProperty("out", out.toString());
        if (format != null) {
            o.addProperty("format", format.name().toLowerCase(Locale.ROOT));
        }
        if (mapping != null) {
            o.addProperty("mapping", mapping);
        }
        if (language != null) {
            o.addProperty("language", language);
        }
        o.addProperty("alignment-policy", alignmentPolicy.name());
        o.addProperty("flatten", flatten.name());
        o.add("train", refs(train));
        if (!dev.isEmpty()) {
            o.add("dev", refs(dev));
        }
        if (devSplit > 0) {
            o.addProperty("dev-split", devSplit);
        }
        JsonObject t = new JsonObject();
        test.forEach((k, v) -> t.add(k, refs(v)));
        o.add("test", t);
        JsonObject p = new JsonObject();
        parameters.forEach((k, v) -> p.addProperty(k.key(), v));
        o.add("parameters", p);
        JsonObject g = new JsonObject();
        grid.forEach((k, v) -> g.add(k.key(), array(v)));
        o.add("grid", g);
        JsonArray s = new JsonArray();
        seeds.forEach(s::add);
        o.add("seeds", s);
        o.addProperty("folds", folds);
        o.addProperty("fold-seed", foldSeed);
        o.addProperty("bootstrap", bootstrapSamples);
        o.addProperty("device", device);
        if (selectBy != null) {
            o.addProperty("select-by", selectBy);
        }
        o.addProperty("keep-checkpoints", keepCheckpoints);
        return o;
    }

    /**
     * Writes {@link #toJson()} pretty-printed.
     *
     * @param file target
     * @throws IOException when writing fails
     */
    public void write(Path file) throws IOException {
        Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(toJson()) + "\n",
                StandardCharsets.UTF_8);
    }

    private static JsonArray refs(List<CorpusRef> refs) {
        JsonArray a = new JsonArray();
        for (CorpusRef r : refs) {
            String arg = r.format().name().toLowerCase(Locale.ROOT) + (r.mapping() == null ? "" : "+" + r.mapping())
                    + ":" + r.path();
            if (r.language() == null && r.extent() == null && r.mentions() == null) {
                a.add(arg);
            } else {
                JsonObject o = new JsonObject();
                o.addProperty("corpus", arg);
                if (r.language() != null) {
                    o.addProperty("language", r.language());
                }
                if (r.extent() != null) {
                    o.addProperty("extent", r.extent().name().toLowerCase(Locale.ROOT));
                }
                if (r.mentions() != null) {
                    o.addProperty("mentions", r.mentions().cliName());
                }
                a.add(o);
            }
        }
        return a;
    }

    /**
     * A corpus list: strings in train argument syntax, or objects
     * {"corpus": ..., "language": ..., "extent": ..., "mentions": ...} (all but corpus optional).
     */
    private static List<Builder.Entry> corpora(JsonObject o, String key) {
        if (!o.has(key)) {
            throw new IllegalArgumentException("missing key '" + key + "'");
        }
        JsonElement e = o.get(key);
        List<Builder.Entry> out = new ArrayList<>();
        JsonArray items = new JsonArray();
        if (e.isJsonArray()) {
            items = e.getAsJsonArray();
        } else {
            items.add(e);
        }
        for (JsonElement x : items) {
            if (x.isJsonPrimitive() && x.getAsJsonPrimitive().isString()) {
                out.add(new Builder.Entry(x.getAsString(), null));
            } else if (x.isJsonObject() && x.getAsJsonObject().has("corpus")) {
                JsonObject c = x.getAsJsonObject();
                for (String k : c.keySet()) {
                    if (!CORPUS_KEYS.contains(k)) {
                        throw new IllegalArgumentException(key + ": unknown corpus key '" + k
                                + "', expected corpus, language, extent and mentions");
                    }
                }
                String extent = string(c, "extent", null);
                String mentions = string(c, "mentions", null);
                MentionFilter filter;
                try {
                    filter = mentions == null ? null : MentionFilter.parse(mentions);
                } catch (IllegalArgumentException bad) {
                    throw new IllegalArgumentException(key + ": mentions: " + bad.getMessage(), bad);
                }
                out.add(new Builder.Entry(string(c, "corpus", null), string(c, "language", null),
                        extent == null ? null : extent(key, extent), filter));
            } else {
                throw new IllegalArgumentException(key + ": expected corpus strings ([format[+mapping]:]path) or "
                        + "objects {\"corpus\": ..., \"language\": ...}, found " + x);
            }
        }
        return out;
    }

    /** The keys of a corpus object in a corpus list. */
    private static final Set<String> CORPUS_KEYS = Set.of("corpus", "language", "extent", "mentions");

    private static FactRuEvalExtent extent(String key, String value) {
        for (FactRuEvalExtent e : FactRuEvalExtent.values()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException(key + ": extent: expected object or names, found '" + value + "'");
    }

    private static JsonArray array(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    private static String scalar(JsonElement e, String key) {
        if (!e.isJsonPrimitive()) {
            throw new IllegalArgumentException(key + ": expected a string, number or boolean, found " + e);
        }
        // numbers keep the spelling of the file (5e-4 stays 5e-4), so folder names and tables show it
        return e.getAsJsonPrimitive().getAsString();
    }

    private static String string(JsonObject o, String key, String fallback) {
        if (!o.has(key) || o.get(key).isJsonNull()) {
            if (fallback == null && key.equals("name")) {
                throw new IllegalArgumentException("missing key 'name'");
            }
            return fallback;
        }
        JsonElement e = o.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException(key + ": expected a string, found " + e);
        }
        return e.getAsString();
    }

    private static int integer(JsonObject o, String key, int fallback) {
        if (!o.has(key)) {
            return fallback;
        }
        JsonElement e = o.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(key + ": expected an integer, found " + e);
        }
        try {
            return Integer.parseInt(e.getAsString());
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(key + ": expected an integer, found " + e, ex);
        }
    }

    private static JsonObject object(JsonObject o, String key) {
        if (!o.get(key).isJsonObject()) {
            throw new IllegalArgumentException(key + ": expected an object, found " + o.get(key));
        }
        return o.getAsJsonObject(key);
    }

    private static List<String> strings(JsonObject o, String key) {
        if (!o.has(key)) {
            throw new IllegalArgumentException("missing key '" + key + "'");
        }
        JsonElement e = o.get(key);
        List<String> out = new ArrayList<>();
        if (e.isJsonPrimitive()) {
            out.add(scalar(e, key));
            return out;
        }
        if (!e.isJsonArray()) {
            throw new IllegalArgumentException(key + ": expected an array, found " + e);
        }
        for (JsonElement x : e.getAsJsonArray()) {
            if (!(x instanceof JsonPrimitive)) {
                throw new IllegalArgumentException(key + ": expected strings or numbers, found " + x);
            }
            out.add(x.getAsString());
        }
        return out;
    }

    /**
     * Starts a builder.
     *
     * @param name experiment name
     * @return the builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builder of {@link ExperimentSpec}; only the name and the training corpora are required. */
    public static final class Builder {
        private final String name;
        private Path out;
        private CorpusFormat format;
        private String mapping;
        private String language;
        private AlignmentPolicy alignmentPolicy = AlignmentPolicy.SKIP_ANNOTATION;
        private FlatteningPolicy flatten = FlatteningPolicy.OUTERMOST;
        private final List<Entry> train = new ArrayList<>();
        private final List<Entry> dev = new ArrayList<>();
        private double devSplit;
        private final Map<String, List<Entry>> test = new LinkedHashMap<>();
        private final Map<Parameter, String> parameters = new EnumMap<>(Parameter.class);
        private final Map<Parameter, List<String>> grid = new LinkedHashMap<>();
        private List<Long> seeds = List.of(42L);
        private int folds;
        private long foldSeed = 1;
        private int bootstrapSamples = 1000;
        private String device = "cpu";
        private String selectBy;
        private boolean keepCheckpoints;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * @param dir output folder (default {@code target/experiments/<name>})
         * @return this builder
         */
        public Builder optOut(Path dir) {
            out = dir;
            return this;
        }

        /**
         * @param f default corpus format
         * @return this builder
         */
        public Builder optFormat(CorpusFormat f) {
            format = f;
            return this;
        }

        /**
         * @param m default label mapping (built-in name or file)
         * @return this builder
         */
        public Builder optMapping(String m) {
            mapping = m;
            return this;
        }

        /**
         * @param l document language for the readers
         * @return this builder
         */
        public Builder optLanguage(String l) {
            language = l;
            return this;
        }

        /**
         * @param p what readers do with annotations that cannot be aligned (default SKIP_ANNOTATION)
         * @return this builder
         */
        public Builder optAlignmentPolicy(AlignmentPolicy p) {
            alignmentPolicy = p;
            return this;
        }

        /**
         * @param p which of nested or overlapping gold entities to keep (default OUTERMOST)
         * @return this builder
         */
        public Builder optFlatten(FlatteningPolicy p) {
            flatten = p;
            return this;
        }

        /**
         * @param corpora training corpora in train argument syntax
         * @return this builder
         */
        public Builder setTrain(List<String> corpora) {
            train.clear();
            corpora.forEach(c -> train.add(new Entry(c, null)));
            return this;
        }

        /**
         * Adds a training corpus read in its own language (for BSNLP this picks the language folder).
         *
         * @param corpus   corpus in train argument syntax
         * @param language its language, null for the spec's
         * @return this builder
         */
        public Builder addTrain(String corpus, String language) {
            train.add(new Entry(corpus, language));
            return this;
        }

        /**
         * @param corpora dev corpora
         * @return this builder
         */
        public Builder optDev(List<String> corpora) {
            dev.clear();
            corpora.forEach(c -> dev.add(new Entry(c, null)));
            return this;
        }

        /**
         * Adds a dev corpus read in its own language.
         *
         * @param corpus   corpus in train argument syntax
         * @param language its language, null for the spec's
         * @return this builder
         */
        public Builder addDev(String corpus, String language) {
            dev.add(new Entry(corpus, language));
            return this;
        }

        /**
         * @param share share of the training documents dealt out as dev data, 0 for none (default)
         * @return this builder
         */
        public Builder optDevSplit(double share) {
            devSplit = share;
            return this;
        }


        /**
         * @param set     test set name
         * @param corpora its corpora
         * @return this builder
         */
        public Builder optTest(String set, List<String> corpora) {
            List<Entry> l = new ArrayList<>();
            corpora.forEach(c -> l.add(new Entry(c, null)));
            test.put(set, l);
            return this;
        }

        /**
         * Adds a corpus, read in its own language, to a test set.
         *
         * @param set      test set name
         * @param corpus   corpus in train argument syntax
         * @param language its language, null for the spec's
         * @return this builder
         */
        public Builder addTest(String set, String corpus, String language) {
            test.computeIfAbsent(set, k -> new ArrayList<>()).add(new Entry(corpus, language));
            return this;
        }

        /**
         * @param p     parameter fixed for every run
         * @param value its value as text
         * @return this builder
         */
        public Builder optParameter(Parameter p, String value) {
            parameters.put(p, value);
            return this;
        }

        /**
         * @param p      parameter to vary
         * @param values its values as text
         * @return this builder
         */
        public Builder optGrid(Parameter p, List<String> values) {
            grid.put(p, List.copyOf(values));
            return this;
        }

        /**
         * @param s training seeds (default 42)
         * @return this builder
         */
        public Builder optSeeds(List<Long> s) {
            seeds = List.copyOf(s);
            return this;
        }

        /**
         * @param k cross-validation folds, 0 for none
         * @return this builder
         */
        public Builder optFolds(int k) {
            folds = k;
            return this;
        }

        /**
         * @param s seed of the document shuffle for the folds (default 1)
         * @return this builder
         */
        public Builder optFoldSeed(long s) {
            foldSeed = s;
            return this;
        }

        /**
         * @param n bootstrap samples (default 1000)
         * @return this builder
         */
        public Builder optBootstrapSamples(int n) {
            bootstrapSamples = n;
            return this;
        }

        /**
         * @param d cpu, gpu:N or auto (default cpu)
         * @return this builder
         */
        public Builder optDevice(String d) {
            device = d;
            return this;
        }

        /**
         * @param s {@value ExperimentSpec#DEV}, {@value ExperimentSpec#HELD_OUT} or a test set name; null to choose
         *          automatically
         * @return this builder
         */
        public Builder optSelectBy(String s) {
            selectBy = s;
            return this;
        }

        /**
         * @param keep keep finished runs' resumable checkpoints (default false: deleted to save disk)
         * @return this builder
         */
        public Builder optKeepCheckpoints(boolean keep) {
            keepCheckpoints = keep;
            return this;
        }

        /** A corpus as listed: its argument and its own language (null for the spec's). */
        record Entry(String arg, String language, FactRuEvalExtent extent, MentionFilter mentions) {
            Entry(String arg, String language) {
                this(arg, language, null, null);
            }
        }

        private List<CorpusRef> refs(List<Entry> entries) {
            List<CorpusRef> out = new ArrayList<>();
            for (Entry e : entries) {
                out.add(CorpusRef.parse(e.arg(), format, mapping).withLanguage(e.language()).withExtent(e.extent())
                        .withMentions(e.mentions()));
            }
            return out;
        }

        /**
         * @return the validated spec
         * @throws IllegalArgumentException naming what is wrong
         */
        public ExperimentSpec build() {
            Path o = out != null ? out : Path.of("target", "experiments", name == null ? "experiment" : name);
            List<CorpusRef> trainRefs = refs(train);
            List<CorpusRef> devRefs = refs(dev);
            Map<String, List<CorpusRef>> t = new LinkedHashMap<>();
            test.forEach((k, v) -> t.put(k, refs(v)));
            return new ExperimentSpec(name, o, format, mapping, language, alignmentPolicy, flatten, trainRefs,
                    devRefs, devSplit, t,
                    parameters, grid, seeds, folds, foldSeed, bootstrapSamples, device, selectBy, keepCheckpoints);
        }
    }
}
