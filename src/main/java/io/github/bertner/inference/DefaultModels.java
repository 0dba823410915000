package io.github.bertner.inference;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the default model of a language: the folder {@code models/<lang>} that ships with the project
 * (fp16 weights and a model card). Looked up, in order, under the folder named by the system property
 * {@value #MODELS_PROPERTY} or the environment variable {@value #MODELS_ENV}, the working directory's
 * {@code models/}, and the {@code models/} beside or above the running jar (so
 * {@code java -jar target/bertner.jar} finds the repository's {@code models/}). Nothing is downloaded.
 */
public final class DefaultModels {

    /** System property naming a folder that holds {@code <lang>/} model folders. */
    public static final String MODELS_PROPERTY = "bertner.models";
    /** Environment variable naming a folder that holds {@code <lang>/} model folders. */
    public static final String MODELS_ENV = "BERTNER_MODELS";

    private DefaultModels() {
    }

    /**
     * Locates the default model of a language.
     *
     * @param language ISO 639-1 code, e.g. {@code en} or {@code ru}
     * @return the model folder
     * @throws IllegalArgumentException naming every place looked at when none holds the model
     */
    public static Path locate(String language) {
        String lang = language.trim().toLowerCase(Locale.ROOT);
        if (!lang.matches("[a-z]{2,3}(-[a-z0-9]+)?")) {
            throw new IllegalArgumentException("expected a language code such as en or ru, found '" + language + "'");
        }
        List<Path> tried = new ArrayList<>();
        for (Path root : roots()) {
            Path dir = root.resolve(lang);
            tried.add(dir);
            if (Files.isRegularFile(dir.resolve("config.json"))) {
                return dir;
            }
        }
        throw new IllegalArgumentException("no default model for language '" + lang + "': expected a model folder "
                + "(config.json, model.safetensors) at one of " + tried);
    }

    private static Set<Path> roots() {
        Set<Path> roots = new LinkedHashSet<>();
        String prop = System.getProperty(MODELS_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            roots.add(Path.of(prop));
        }
        String env = System.getenv(MODELS_ENV);
        if (env != null && !env.isBlank()) {
            roots.add(Path.of(env));
        }
        roots.add(Path.of("models").toAbsolutePath().normalize());
        try {
            Path code = Path.of(DefaultModels.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // target/bertner.jar or target/classes: the repository's models/ is one level above target/
            for (Path p = code.getParent(); p != null && roots.size() < 8; p = p.getParent()) {
                roots.add(p.resolve("models"));
                if (Files.isDirectory(p.resolve("models"))) {
                    break;
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no code source (an unusual class loader): the other places still apply
        }
        return roots;
    }
}
