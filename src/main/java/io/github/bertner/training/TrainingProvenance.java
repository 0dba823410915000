package io.github.bertner.training;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.bertner.model.ModelSettings;
import io.github.bertner.tokenization.TokenizerSettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code provenance.json}, written into every trained model folder: the model and training settings, the
 * corpus files with their sha256 (a corpus folder as one entry with its {@link CorpusFingerprint}), tool,
 * library and Java versions, the date, and the final dev scores (test scores are added by {@link #addScores} when a test set is evaluated). Enough to tell later what a
 * model is and to rerun it.
 */
public final class TrainingProvenance {

    /** File name inside the model folder. */
    public static final String FILE_NAME = "provenance.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    private TrainingProvenance() {
    }

    static void write(Path modelDir, ModelSettings settings, TrainingConfig config, Map<String, List<Path>> corpora,
                      TrainerState state) throws IOException {
        JsonObject model = new JsonObject();
        model.addProperty("tag_scheme", settings.tagScheme().name());
        model.addProperty("label_alignment", settings.labelAlignment().name());
        model.addProperty("max_length", settings.maxLength());
        model.addProperty("stride", settings.stride());
        model.addProperty("context", settings.context().name());
        model.add("tokenizer", JsonParser.parseString(settings.tokenizer().toJson()));
        write(modelDir, model, config, corpora, state);
    }

    /**
     * Writes the provenance of a masked-LM pretraining run, which has no classifier settings: the model
     * section holds the tokenizer's normalisation only.
     */
    static void writePretraining(Path modelDir, TokenizerSettings tokenizer, TrainingConfig config,
                                 Map<String, List<Path>> corpora, TrainerState state) throws IOException {
        JsonObject model = new JsonObject();
        model.add("tokenizer", JsonParser.parseString(tokenizer.toJson()));
        write(modelDir, model, config, corpora, state);
    }

    private static void write(Path modelDir, JsonObject modelSettings, TrainingConfig config,
                              Map<String, List<Path>> corpora, TrainerState state) throws IOException {
        JsonObject root = new JsonObject();
        root.addProperty("date", Instant.now().toString());
        root.add("versions", versions());
        root.add("model_settings", modelSettings);
        root.add("training", GSON.toJsonTree(Map.of(
                "epochs", config.epochs(), "max_steps", config.maxSteps(), "learning_rate", config.learningRate(),
                "warmup_ratio", config.warmupRatio(), "weight_decay", config.weightDecay(),
                "max_grad_norm", config.maxGradNorm(), "seed", config.seed(), "patience", config.patience(),
                "resumed", config.resume())));
        JsonObject files = new JsonObject();
        for (Map.Entry<String, List<Path>> e : corpora.entrySet()) {
            JsonArray list = new JsonArray();
            // one corpus folder read in several languages (BSNLP) is one input
            for (Path p : new LinkedHashSet<>(e.getValue())) {
                list.add(Files.isDirectory(p) ? folderEntry(p) : fileEntry(p));
            }
            files.add(e.getKey(), list);
        }
        root.add("corpora", files);
        JsonObject result = new JsonObject();
        result.addProperty("updates", state.step());
        result.addProperty("best_epoch", state.bestEpoch() + 1);
        result.addProperty("best_dev_score", state.bestScore());
        if (!state.history().isEmpty()) {
            result.add("last_epoch", GSON.toJsonTree(state.history().get(state.history().size() - 1)));
        }
        root.add("scores", result);
        Files.createDirectories(modelDir);
        Files.writeString(modelDir.resolve(FILE_NAME), GSON.toJson(root) + "\n", StandardCharsets.UTF_8);
    }

    /**
     * Writes a provenance file that holds only the date, the versions and the given sections, for a model folder
     * made without training (for example by {@link VocabularyTransfer}).
     */
    static void writeSections(Path modelDir, Map<String, Object> sections) throws IOException {
        JsonObject root = new JsonObject();
        root.addProperty("date", Instant.now().toString());
        root.add("versions", versions());
        sections.forEach((k, v) -> root.add(k, GSON.toJsonTree(v)));
        Files.createDirectories(modelDir);
        Files.writeString(modelDir.resolve(FILE_NAME), GSON.toJson(root) + "\n", StandardCharsets.UTF_8);
    }

    /** Path, size and sha256 of one input file, as the corpora are listed. */
    static JsonObject fileEntry(Path f) throws IOException {
        JsonObject entry = new JsonObject();
        entry.addProperty("path", f.toAbsolutePath().normalize().toString());
        entry.addProperty("bytes", Files.size(f));
        entry.addProperty("sha256", CorpusFingerprint.sha256Of(f));
        return entry;
    }

    /**
     * Path, file count, size and {@link CorpusFingerprint} of an input folder: one entry, not one per file, since
     * corpus folders hold thousands of files (a list of them made provenance files of megabytes).
     */
    static JsonObject folderEntry(Path folder) throws IOException {
        CorpusFingerprint fp = CorpusFingerprint.of(folder);
        JsonObject entry = new JsonObject();
        entry.addProperty("path", folder.toAbsolutePath().normalize().toString());
        entry.addProperty("files", fp.files());
        entry.addProperty("bytes", fp.bytes());
        entry.addProperty("fingerprint", fp.sha256());
        return entry;
    }

    /**
     * Adds scores (for example the test set's) to the provenance of a model folder.
     *
     * @param modelDir the folder with provenance.json
     * @param name     the key, for example {@code test}
     * @param scores   metric name to value
     * @throws IOException when the file cannot be read or written
     */
    public static void addScores(Path modelDir, String name, Map<String, Double> scores) throws IOException {
        update(modelDir, root -> {
            JsonObject all = root.has("scores") ? root.getAsJsonObject("scores") : new JsonObject();
            all.add(name, GSON.toJsonTree(scores));
            root.add("scores", all);
        });
    }

    /**
     * Adds a named section (for example how a model was distilled) to the provenance of a model folder.
     *
     * @param modelDir the folder with provenance.json
     * @param name     the key
     * @param values   the section's values (numbers, strings, lists)
     * @throws IOException when the file cannot be read or written
     */
    public static void addSection(Path modelDir, String name, Map<String, Object> values) throws IOException {
        update(modelDir, root -> root.add(name, GSON.toJsonTree(values)));
    }

    private static void update(Path modelDir, java.util.function.Consumer<JsonObject> change) throws IOException {
        Path file = modelDir.resolve(FILE_NAME);
        JsonObject root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        change.accept(root);
        Files.writeString(file, GSON.toJson(root) + "\n", StandardCharsets.UTF_8);
    }

    private static JsonElement versions() {
        Properties p = new Properties();
        try (InputStream in = TrainingProvenance.class.getResourceAsStream("/io/github/bertner/build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read build.properties from the classpath", e);
        }
        JsonObject v = new JsonObject();
        for (String key : List.of("bertner.version", "djl.version", "pytorch.version", "uima.version",
                "dkpro.version")) {
            v.addProperty(key.replace(".version", ""), p.getProperty(key, "unknown"));
        }
        v.addProperty("java", Runtime.version().toString());
        v.addProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return v;
    }
}
