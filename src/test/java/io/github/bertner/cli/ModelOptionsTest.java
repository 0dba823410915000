package io.github.bertner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bertner.inference.DefaultModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ModelOptionsTest {

    @TempDir
    Path tmp;

    private static CommandLine cli() {
        return new CommandLine(new ServeCommand());
    }

    @Test
    void withoutModelTheDefaultModelsAreUsed() throws Exception {
        for (String lang : new String[] {"en", "ru"}) {
            Files.createDirectories(tmp.resolve(lang));
            Files.writeString(tmp.resolve(lang).resolve("config.json"), "{}");
        }
        String before = System.getProperty(DefaultModels.MODELS_PROPERTY);
        System.setProperty(DefaultModels.MODELS_PROPERTY, tmp.toString());
        try {
            Map<String, Path> dirs = new ModelOptions().resolve(cli(), new PrintWriter(new StringWriter()));
            assertEquals(Map.of("en", tmp.resolve("en"), "ru", tmp.resolve("ru")), dirs);
        } finally {
            if (before == null) {
                System.clearProperty(DefaultModels.MODELS_PROPERTY);
            } else {
                System.setProperty(DefaultModels.MODELS_PROPERTY, before);
            }
        }
    }

    @Test
    void theCommittedEnglishModelIsFoundWithoutModel() {
        StringWriter log = new StringWriter();
        Map<String, Path> dirs = new ModelOptions().resolve(cli(), new PrintWriter(log, true));
        assertTrue(Files.isRegularFile(dirs.get("en").resolve("config.json")), dirs.toString());
    }

    @Test
    void aMissingModelFolderIsAUsageError() {
        ModelOptions o = new ModelOptions();
        o.models.put("ru", tmp.resolve("nope"));
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> o.resolve(cli(), new PrintWriter(new StringWriter())));
        assertEquals("--model ru=" + tmp.resolve("nope") + ": model folder not found: " + tmp.resolve("nope"),
                e.getMessage());
    }
}
