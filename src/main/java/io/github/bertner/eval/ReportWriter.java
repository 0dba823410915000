package io.github.bertner.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes every report of a result into one folder.
 *
 * <p>Files: {@code report.json}, {@code scores.csv}, {@code report.html} with its pictures beside it
 * ({@value HtmlReport#BARS_PNG}, {@value HtmlReport#TOKEN_HEATMAP_PNG}, {@value HtmlReport#ENTITY_HEATMAP_PNG}),
 * with the confusion group {@code confusion-token-tags.csv}, {@code confusion-token-types.csv},
 * {@code confusion-entities.csv}, and with the errors group {@code errors.tsv} and {@code errors.html}.
 */
public final class ReportWriter {

    /** Name of the JSON report. */
    public static final String JSON = "report.json";
    /** Name of the HTML report. */
    public static final String HTML = "report.html";
    /** Name of the error page. */
    public static final String ERRORS_HTML = "errors.html";

    private ReportWriter() {
    }

    /**
     * Writes all reports selected by the result's metric groups.
     *
     * @param r the result
     * @param dir target folder, created when missing
     * @return the written files
     * @throws IOException when a file cannot be written
     */
    public static List<Path> writeAll(EvaluationResult r, Path dir) throws IOException {
        Files.createDirectories(dir);
        Set<Metric> metrics = r.settings().metrics();
        List<Path> out = new ArrayList<>();
        JsonReport.write(r, add(out, dir.resolve(JSON)));
        CsvReport.write(CsvReport.scores(r), add(out, dir.resolve("scores.csv")));
        if (metrics.contains(Metric.STRICT)) {
            Files.write(add(out, dir.resolve(HtmlReport.BARS_PNG)), Charts.scoreBars(r.strict(),
                    "Strict (conlleval) precision / recall / F1 per type"));
        }
        if (metrics.contains(Metric.CONFUSION)) {
            CsvReport.write(CsvReport.matrix(r.tokenTags()), add(out, dir.resolve("confusion-token-tags.csv")));
            CsvReport.write(CsvReport.matrix(r.tokenTypes()), add(out, dir.resolve("confusion-token-types.csv")));
            CsvReport.write(CsvReport.matrix(r.entityConfusion().matrix()),
                    add(out, dir.resolve("confusion-entities.csv")));
            Files.write(add(out, dir.resolve(HtmlReport.TOKEN_HEATMAP_PNG)),
                    Charts.heatMap(r.tokenTypes(), "Token confusion (row %, rows = gold)"));
            Files.write(add(out, dir.resolve(HtmlReport.ENTITY_HEATMAP_PNG)),
                    Charts.heatMap(r.entityConfusion().matrix(), "Entity confusion (row %, rows = gold)"));
        }
        String errorsPage = null;
        if (metrics.contains(Metric.ERRORS)) {
            CsvReport.write(ErrorReport.tsv(r), add(out, dir.resolve("errors.tsv")));
            CsvReport.write(ErrorReport.html(r), add(out, dir.resolve(ERRORS_HTML)));
            errorsPage = ERRORS_HTML;
        }
        CsvReport.write(HtmlReport.html(r, errorsPage), add(out, dir.resolve(HTML)));
        return out;
    }

    private static Path add(List<Path> out, Path p) {
        out.add(p);
        return p;
    }
}
