package io.github.bertner.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.github.bertner.compare.EntityMatch;
import io.github.bertner.compare.Flag;
import io.github.bertner.compare.FlagKind;
import io.github.bertner.serve.NerService;
import io.github.bertner.serve.PairResult;
import io.github.bertner.serve.TaggedEntity;
import io.github.bertner.serve.TaggedText;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bertner compare}: tags a source text and its translation line by line (line n of one is the
 * translation of line n of the other), matches their entities across languages and writes one JSON
 * object per pair with the matches, the flags and the summary.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare the entities of a text and its translation, one sentence pair per line,",
                "and write the flags (missing, added, type changed, count differs) as JSON lines."})
public final class CompareCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Option(names = "--source", required = true, description = "Source text file (UTF-8), one sentence per line.")
    Path source;

    @Option(names = "--target", required = true, description = "Translation file (UTF-8), line-aligned with --source.")
    Path target;

    @Option(names = "--source-lang", defaultValue = "ru", description = "Source language (default ${DEFAULT-VALUE}).")
    String sourceLang;

    @Option(names = "--target-lang", defaultValue = "en", description = "Translation language (default ${DEFAULT-VALUE}).")
    String targetLang;

    @Option(names = "--out", required = true, description = "JSON-lines output, one object per pair.")
    Path out;

    /** One side of an output line. */
    record Side(String lang, String text, List<TaggedEntity> entities) {
    }

    /** One output line. */
    record PairLine(int pair, Side source, Side target, List<EntityMatch> matches, List<Flag> flags,
                    String summary) {
    }

    @Override
    public Integer call() throws Exception {
        CommandLine cli = spec.commandLine();
        List<String> src = readLines(cli, source, "--source");
        List<String> tgt = readLines(cli, target, "--target");
        if (src.size() != tgt.size()) {
            throw new CommandLine.ParameterException(cli, "expected line-aligned files, found " + src.size()
                    + " lines in " + source + " and " + tgt.size() + " in " + target);
        }
        PrintWriter console = cli.getOut();
        Map<String, Path> dirs = modelOptions.resolve(cli, console);
        for (String lang : List.of(sourceLang, targetLang)) {
            if (!dirs.containsKey(lang)) {
                throw new CommandLine.ParameterException(cli, "no model for language '" + lang + "': loaded "
                        + dirs.keySet() + "; pass --model " + lang + "=<dir>");
            }
        }
        Gson gson = new GsonBuilder().disableHtmlEscaping().create();
        Map<FlagKind, Integer> totals = new EnumMap<>(FlagKind.class);
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        try (NerService service = modelOptions.load(dirs, NerService.builder()
                .optMatcher(modelOptions.matcher(cli)));
             BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (int i = 0; i < src.size(); i++) {
                PairResult r = service.compare(src.get(i), sourceLang, tgt.get(i), targetLang);
                r.comparison().flags().forEach(f -> totals.merge(f.kind(), 1, Integer::sum));
                w.write(gson.toJson(new PairLine(i + 1, side(r.source()), side(r.target()), r.comparison().matches(),
                        r.comparison().flags(), r.comparison().summary())));
                w.write('\n');
            }
        }
        console.printf("compared %d pairs: %s -> %s%n", src.size(), totals.isEmpty() ? "no flags" : totals, out);
        return 0;
    }

    private static Side side(TaggedText t) {
        return new Side(t.lang(), t.text(), t.entities());
    }

    private static List<String> readLines(CommandLine cli, Path file, String option) throws java.io.IOException {
        if (!Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(cli, option + ": file not found: " + file);
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }
}
