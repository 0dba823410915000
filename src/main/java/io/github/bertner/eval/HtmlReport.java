package io.github.bertner.eval;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The HTML report: settings and provenance, overall and per-type scores, the pictures written beside it
 * ({@link ReportWriter}), the confusion matrices as coloured tables (rows = gold, columns = predicted; colour
 * = share of the row) and a link to the error listing.
 */
public final class HtmlReport {

    /** File name of the per-type bar chart. */
    public static final String BARS_PNG = "per-type-f1.png";
    /** File name of the token confusion heat map. */
    public static final String TOKEN_HEATMAP_PNG = "confusion-tokens.png";
    /** File name of the entity confusion heat map. */
    public static final String ENTITY_HEATMAP_PNG = "confusion-entities.png";

    private HtmlReport() {
    }

    /**
     * Formats the report.
     *
     * @param r the result
     * @param errorsPage relative link to the error page, or null when there is none
     * @return HTML text
     */
    public static String html(EvaluationResult r, String errorsPage) {
        Set<Metric> metrics = r.settings().metrics();
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>NER evaluation</title>\n")
                .append("<style>body{font-family:sans-serif;margin:1em;max-width:1300px}")
                .append("table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 8px;")
                .append("text-align:right}th{background:#eee}td.l,th.l{text-align:left}img{max-width:49%;")
                .append("border:1px solid #ddd;margin:.3em 0}.na{color:#999}</style></head><body>\n")
                .append("<h1>NER evaluation</h1>\n<table>");
        row(sb, "gold", r.settings().provenance().goldSource());
        row(sb, "system", r.settings().provenance().system());
        row(sb, "date", r.settings().provenance().date());
        row(sb, "entity decoding", r.settings().decoding().label());
        row(sb, "sentences / tokens", r.sentences().size() + " / " + r.tokens());
        sb.append("</table>\n<p>Undefined values (zero denominators) are shown as <span class=\"na\">n/a</span>.")
                .append(" Matrices: rows = gold, columns = predicted.</p>\n");

        if (metrics.contains(Metric.STRICT) || metrics.contains(Metric.RELAXED)) {
            sb.append("<h2>Overall</h2>\n<table><tr><th class=\"l\">metric</th><th>precision %</th>")
                    .append("<th>recall %</th><th>F1 %</th><th>correct</th><th>predicted</th><th>gold</th></tr>\n");
            if (metrics.contains(Metric.STRICT)) {
                scoreRow(sb, "strict (conlleval)", r.strict().micro());
            }
            if (metrics.contains(Metric.RELAXED)) {
                scoreRow(sb, "relaxed (tokens)", r.relaxed().micro());
            }
            sb.append("</table>\n");
            if (metrics.contains(Metric.STRICT)) {
                sb.append("<p>Token accuracy (all tokens, O included): ").append(pct(r.accuracy())).append(" %");
                ConfidenceInterval ci = r.strictF1Interval();
                if (ci != null) {
                    sb.append(String.format(Locale.ROOT,
                            "; strict F1 95%% bootstrap interval [%.2f, %.2f] (%d samples, seed %d)",
                            100 * ci.lower(), 100 * ci.upper(), ci.samples(), ci.seed()));
                }
                sb.append(".</p>\n");
            }
            if (r.pairedTest() != null) {
                PairedTest t = r.pairedTest();
                sb.append(String.format(Locale.ROOT,
                        "<p>Paired bootstrap against %s: F1 %.2f vs %.2f, difference %+.2f, p = %.4f.</p>%n",
                        Html.esc(t.otherSystem()), 100 * t.f1(), 100 * t.otherF1(), 100 * t.delta(), t.pValue()));
            }
        }
        if (metrics.contains(Metric.STRICT) || metrics.contains(Metric.CONFUSION)) {
            // the two main pictures side by side, near the top, so one screen shows them
            sb.append("<div style=\"display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start\">");
            if (metrics.contains(Metric.STRICT)) {
                sb.append("<img src=\"").append(BARS_PNG).append("\" alt=\"strict precision, recall and F1 per type\">");
            }
            if (metrics.contains(Metric.CONFUSION)) {
                sb.append("<img src=\"").append(TOKEN_HEATMAP_PNG).append("\" alt=\"token confusion heat map\">");
            }
            sb.append("</div>\n");
        }
        if (metrics.contains(Metric.STRICT)) {
            sb.append("<h2>Strict per type</h2>\n");
            typeTable(sb, r.strict());
        }
        if (metrics.contains(Metric.RELAXED)) {
            sb.append("<h2>Relaxed per type</h2>\n");
            typeTable(sb, r.relaxed());
        }
        if (metrics.contains(Metric.SEMEVAL)) {
            sb.append("<h2>SemEval-2013 task 9.1</h2>\n<table><tr><th class=\"l\">scheme</th><th>COR</th><th>INC</th>")
                    .append("<th>PAR</th><th>MIS</th><th>SPU</th><th>POSSIBLE</th><th>ACTUAL</th>")
                    .append("<th>precision %</th><th>recall %</th><th>F1 %</th></tr>\n");
            for (SemEvalScheme s : SemEvalScheme.values()) {
                SemEvalCounts c = r.semEval().get(s);
                sb.append("<tr><td class=\"l\">").append(s.name().toLowerCase(Locale.ROOT)).append("</td><td>")
                        .append(c.correct()).append("</td><td>").append(c.incorrect()).append("</td><td>")
                        .append(c.partial()).append("</td><td>").append(c.missed()).append("</td><td>")
                        .append(c.spurious()).append("</td><td>").append(c.possible()).append("</td><td>")
                        .append(c.actual()).append("</td><td>").append(pct(c.precision(s))).append("</td><td>")
                        .append(pct(c.recall(s))).append("</td><td>").append(pct(c.f1(s))).append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
        if (metrics.contains(Metric.CONFUSION)) {
            sb.append("<h2>Token confusion (types)</h2>\n");
            matrixTable(sb, r.tokenTypes());
            sb.append("<h2>Entity confusion</h2>\n<p>Each gold entity counts once in its row, under the type of ")
                    .append("the prediction matched to it (boundaries ignored) or MISSED; predictions that overlap ")
                    .append("no gold entity are in the SPURIOUS row.</p>\n<img src=\"").append(ENTITY_HEATMAP_PNG)
                    .append("\" alt=\"entity confusion heat map\">\n");
            matrixTable(sb, r.entityConfusion().matrix());
            sb.append("<h3>Outcomes per type</h3>\n<table><tr><th class=\"l\">type</th>");
            for (ErrorClass c : ErrorClass.values()) {
                sb.append("<th>").append(c.name().toLowerCase(Locale.ROOT)).append("</th>");
            }
            sb.append("</tr>\n");
            for (Map.Entry<String, Map<ErrorClass, Long>> e : r.entityConfusion().byType().entrySet()) {
                classRow(sb, e.getKey(), e.getValue());
            }
            classRow(sb, "ALL", r.entityConfusion().totals());
            sb.append("</table>\n<h3>Token confusion (tags)</h3>\n");
            matrixTable(sb, r.tokenTags());
        }
        if (errorsPage != null) {
            sb.append("<h2>Errors</h2>\n<p><a href=\"").append(Html.esc(errorsPage)).append("\">")
                    .append(r.errors().size()).append(" entity errors</a> (also as TSV).</p>\n");
        }
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append("<tr><th class=\"l\">").append(Html.esc(k)).append("</th><td class=\"l\">").append(Html.esc(v))
                .append("</td></tr>");
    }

    private static void scoreRow(StringBuilder sb, String name, Score s) {
        sb.append("<tr><td class=\"l\">").append(Html.esc(name)).append("</td><td>").append(pct(s.precision()))
                .append("</td><td>").append(pct(s.recall())).append("</td><td>").append(pct(s.f1()))
                .append("</td><td>").append(s.correct()).append("</td><td>").append(s.predicted()).append("</td><td>")
                .append(s.gold()).append("</td></tr>\n");
    }

    private static void typeTable(StringBuilder sb, EntityScores scores) {
        sb.append("<table><tr><th class=\"l\">type</th><th>precision %</th><th>recall %</th><th>F1 %</th>")
                .append("<th>correct</th><th>predicted</th><th>gold</th></tr>\n");
        scores.perType().forEach((t, s) -> scoreRow(sb, t, s));
        scoreRow(sb, "ALL (micro)", scores.micro());
        sb.append("</table>\n");
    }

    private static void classRow(StringBuilder sb, String type, Map<ErrorClass, Long> m) {
        sb.append("<tr><td class=\"l\">").append(Html.esc(type)).append("</td>");
        for (ErrorClass c : ErrorClass.values()) {
            sb.append("<td>").append(m.getOrDefault(c, 0L)).append("</td>");
        }
        sb.append("</tr>\n");
    }

    private static void matrixTable(StringBuilder sb, ConfusionMatrix m) {
        sb.append("<table><tr><th class=\"l\">gold \\ predicted</th>");
        m.columns().forEach(c -> sb.append("<th>").append(Html.esc(c)).append("</th>"));
        sb.append("</tr>\n");
        for (int r = 0; r < m.rows().size(); r++) {
            long total = m.rowTotal(r);
            sb.append("<tr><th class=\"l\">").append(Html.esc(m.rows().get(r))).append("</th>");
            for (long v : m.counts()[r]) {
                double share = total == 0 ? 0 : (double) v / total;
                int light = (int) Math.round(255 - 140 * share);
                sb.append(String.format(Locale.ROOT, "<td style=\"background:rgb(%d,%d,255)\">%d</td>", light,
                        light, v));
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n");
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "<span class=\"na\">n/a</span>" : String.format(Locale.ROOT, "%.2f", 100 * v);
    }
}
