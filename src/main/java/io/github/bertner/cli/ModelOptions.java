package io.github.bertner.cli;

import io.github.bertner.compare.EntityMatcher;
import io.github.bertner.compare.Transliteration;
import io.github.bertner.inference.DefaultModels;
import io.github.bertner.serve.NerService;
import io.github.bertner.serve.PredictorTagger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code serve} and {@code compare}: one model folder per language, by default the
 * {@link DefaultModels} of {@code en} and {@code ru} that exist, and the matcher settings.
 */
final class ModelOptions {

    /** Languages whose default model ({@link DefaultModels}) is loaded when no {@code --model} is given. */
    static final List<String> DEFAULT_LANGUAGES = List.of("en", "ru");

    @Option(names = "--model", paramLabel = "LANG=DIR",
            description = "Model folder per language, repeatable (default: the default models/en and models/ru where"
                    + " present: under $BERTNER_MODELS, the working directory or beside the jar).")
    Map<String, Path> models = new LinkedHashMap<>();

    @Option(names = "--device", defaultValue = "auto", description = "auto (default), cpu or gpu:N.")
    String device;

    @Option(names = "--batch-size", defaultValue = "32", description = "Windows per model call (default 32).")
    int batchSize;

    @Option(names = "--transliteration", defaultValue = "bgn-pcgn",
            description = "Romanization of Russian names for matching: bgn-pcgn (default) or iso9.")
    String transliteration;

    @Option(names = "--match-threshold", defaultValue = "0.6",
            description = "Least name similarity of a match, in (0, 1] (default 0.6).")
    double matchThreshold;

    /**
     * @param cli   for error messages
     * @param log   where to say which default folders were used
     * @return language → model folder, every folder checked to exist
     */
    Map<String, Path> resolve(CommandLine cli, java.io.PrintWriter log) {
        Map<String, Path> out = new LinkedHashMap<>();
        if (models.isEmpty()) {
            List<String> missing = new java.util.ArrayList<>();
            for (String lang : DEFAULT_LANGUAGES) {
                try {
                    out.put(lang, DefaultModels.locate(lang));
                } catch (IllegalArgumentException e) {
                    missing.add(e.getMessage());
                    log.println("no default " + lang + " model (pass --model " + lang + "=<dir> for one)");
                }
            }
            if (out.isEmpty()) {
                throw new CommandLine.ParameterException(cli, "no --model given and no default model found: "
                        + String.join("; ", missing));
            }
            return out;
        }
        models.forEach((lang, dir) -> {
            if (!Files.isDirectory(dir)) {
                throw new CommandLine.ParameterException(cli, "--model " + lang + "=" + dir
                        + ": model folder not found: " + dir.toAbsolutePath());
            }
            out.put(lang, dir);
        });
        return out;
    }

    EntityMatcher matcher(CommandLine cli) {
        try {
            return EntityMatcher.builder().optTransliteration(Transliteration.parse(transliteration))
                    .optThreshold(matchThreshold).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage(), e, null, null);
        }
    }

    /**
     * Loads every model into a service.
     *
     * @param dirs          language → folder
     * @param builder       service builder with the other options set
     * @return the service; close it
     */
    NerService load(Map<String, Path> dirs, NerService.Builder builder) throws IOException {
        java.util.List<PredictorTagger> loaded = new java.util.ArrayList<>();
        try {
            for (Map.Entry<String, Path> e : dirs.entrySet()) {
                PredictorTagger t = PredictorTagger.load(e.getValue(), device, batchSize);
                loaded.add(t);
                builder.addModel(e.getKey(), t);
            }
            return builder.build();
        } catch (IOException | RuntimeException e) {
            loaded.forEach(PredictorTagger::close);
            throw e;
        }
    }
}
