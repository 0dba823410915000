package io.github.bertner.cli;

import com.google.gson.GsonBuilder;
import io.github.bertner.io.CorpusReaders;
import io.github.bertner.io.ReadIssue;
import io.github.bertner.io.ReadReport;
import io.github.bertner.io.ReportingReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import org.apache.uima.collection.CollectionReader;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.jcas.JCas;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bertner corpus stats}: reads each given file or folder and prints documents, sentences,
 * tokens, entities (total and per type), the other counters (quirks, skips) and the issues.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Count documents, sentences, tokens and entities per type, and report skipped input.")
public final class CorpusStatsCommand implements Callable<Integer> {

    private static final List<String> MAIN = List.of("documents", "sentences", "tokens", "entities");
    private static final int MAX_ISSUES = 50;
    /** Structural counters under {@code entities.} that the offset readers keep; they are not types. */
    private static final List<String> NOT_TYPES = List.of("nested", "crossing", "discontinuous", "same_extent");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ReaderOptions reader;

    @Option(names = "--json", description = "Print machine-readable JSON instead of a table.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "<path>", description = "Corpus files or folders.")
    List<Path> paths;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Map<String, Object>> results = new ArrayList<>();
        for (Path path : paths) {
            ReadReport report;
            try {
                report = read(path);
            } finally {
                spec.commandLine().getOut().flush();
            }
            if (json) {
                results.add(toJson(path, report));
            } else {
                out.print(format(path, report));
            }
        }
        if (json) {
            out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(results));
        }
        out.flush();
        return 0;
    }

    private ReadReport read(Path path) throws Exception {
        CollectionReader cr = CollectionReaderFactory.createReader(
                CorpusReaders.create(reader.format, path, reader.toOptions()));
        try {
            JCas jcas = JCasFactory.createJCas();
            while (cr.hasNext()) {
                jcas.reset();
                cr.getNext(jcas.getCas());
            }
            return ((ReportingReader) cr).report();
        } finally {
            cr.destroy();
        }
    }

    private String format(Path path, ReadReport report) {
        SortedMap<String, Long> c = report.counters();
        StringBuilder sb = new StringBuilder();
        sb.append(path).append(" [").append(reader.format.cliName()).append("]\n");
        for (String key : MAIN) {
            sb.append(String.format(Locale.ROOT, "  %-24s %,12d%n", key, c.getOrDefault(key, 0L)));
            if (key.equals("entities")) {
                entityTypes(c).forEach((type, n) ->
                        sb.append(String.format(Locale.ROOT, "    %-22s %,12d%n", type, n)));
            }
        }
        Map<String, Long> other = otherCounters(c);
        if (!other.isEmpty()) {
            sb.append("  other counters:\n");
            other.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "    %-30s %,10d%n", k, v)));
        }
        List<ReadIssue> issues = report.issues();
        if (issues.isEmpty()) {
            sb.append("  no issues\n");
        } else {
            sb.append(String.format(Locale.ROOT, "  %d issue(s):%n", issues.size()));
            issues.stream().limit(MAX_ISSUES).forEach(i -> sb.append("    ").append(i.describe()).append('\n'));
            if (issues.size() > MAX_ISSUES) {
                sb.append(String.format(Locale.ROOT, "    ... and %d more%n", issues.size() - MAX_ISSUES));
            }
        }
        return sb.toString();
    }

    private static Map<String, Long> entityTypes(SortedMap<String, Long> c) {
        Map<String, Long> types = new LinkedHashMap<>();
        c.forEach((k, v) -> {
            if (isEntityType(k)) {
                types.put(k.substring("entities.".length()), v);
            }
        });
        return types;
    }

    private static boolean isEntityType(String counter) {
        if (!counter.startsWith("entities.") || counter.startsWith("entities.dropped")) {
            return false;
        }
        return !NOT_TYPES.contains(counter.substring("entities.".length()));
    }

    private static Map<String, Long> otherCounters(SortedMap<String, Long> c) {
        Map<String, Long> other = new LinkedHashMap<>();
        c.forEach((k, v) -> {
            if (!MAIN.contains(k) && !isEntityType(k)) {
                other.put(k, v);
            }
        });
        return other;
    }

    private Map<String, Object> toJson(Path path, ReadReport report) {
        SortedMap<String, Long> c = report.counters();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path.toString());
        m.put("format", reader.format.cliName());
        for (String key : MAIN) {
            m.put(key, c.getOrDefault(key, 0L));
        }
        m.put("entitiesByType", entityTypes(c));
        m.put("counters", otherCounters(c));
        m.put("issues", report.issues());
        return m;
    }
}
